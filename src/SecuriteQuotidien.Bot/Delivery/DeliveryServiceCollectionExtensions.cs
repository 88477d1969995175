using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Delivery;

// In the DI namespace so that Program.cs finds AddDelivery without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Proactive messages through the durable outbox: <see cref="DeliveryOptions"/> (section <c>Delivery</c>,
    /// validated at start), <see cref="IProactiveSender"/>, the <see cref="OutboxDispatcher"/> hosted
    /// service; features add their "on sent" purposes with
    /// <c>TryAddEnumerable(ServiceDescriptor.Singleton&lt;IOutboxPurposeHandler, T&gt;())</c> (the issue card's thread, the diagnostic card's location).
    /// Needs <c>AddBotFramework</c>, <c>AddTableStorage</c> and <c>AddDepartmentDirectory</c>.
    /// </summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeliveryOptions>()
            .Bind(configuration.GetSection(DeliveryOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.SettleMargin < o.ClaimDuration, "Delivery:SettleMargin must be shorter than Delivery:ClaimDuration.")
            .Validate(o => o.RetryBaseDelay <= o.RetryMaxDelay, "Delivery:RetryBaseDelay must not exceed Delivery:RetryMaxDelay.")
            .Validate(o => o.EffectivePacing.All(r => r.Limit > 0 && r.Window > TimeSpan.Zero),
                "Delivery:Pacing rules need a positive Limit and Window.")
            .Validate(o => Uri.TryCreate(o.DefaultServiceUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp),
                "Delivery:DefaultServiceUrl must be an absolute http(s) URL.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DeliveryOptions>>().Value;
            return new ConversationPacer(options.EffectivePacing, options.PacingMargin, provider.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<ChannelReferences>();
        services.TryAddSingleton<IProactiveSender, ProactiveSender>();
        services.TryAddSingleton<AdministratorAlerts>();
        services.AddProductMetrics();
        services.AddHostedService<OutboxDispatcher>();
        services.AddHostedService<SectorChannelCheck>();
        return services;
    }
}

using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Bot.Routing;
using SecuriteQuotidien.Bot.Turns.Ports;

// In the DI namespace so that Program.cs finds AddReferent without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class ReferentServiceCollectionExtensions
{
    /// <summary>
    /// The referent's actions on the issue card and the partner's answers: <see cref="ReferentOptions"/>
    /// (section <c>Referent</c>), validated at start. Needs <c>AddDelivery</c>, the issue card's ports
    /// (<c>AddIssueCard</c>) and an <see cref="IReminderScheduler"/> (<c>AddReminders</c>).
    /// </summary>
    public static IServiceCollection AddReferent(this IServiceCollection services)
    {
        services.AddOptions<ReferentOptions>().BindConfiguration(ReferentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ICardActionHandler, IssueActionsFeature>();
        services.AddScoped<ICardActionHandler, PartnerAnswersFeature>();
        return services;
    }
}

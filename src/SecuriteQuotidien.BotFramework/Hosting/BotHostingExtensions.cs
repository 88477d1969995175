using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SecuriteQuotidien.BotFramework.Authentication;
using SecuriteQuotidien.BotFramework.Configuration;

namespace SecuriteQuotidien.BotFramework.Hosting;

public static class BotHostingExtensions
{
    /// <summary>
    /// The /api/messages pipeline: turn queue, reply sender, served channel and tenants, per-user limits, endpoint
    /// options (validated at start). The application registers its <see cref="IBotHandler"/> (scoped), the state
    /// stores and, with <see cref="AddAllowedTenants"/>, the tenants it serves.
    /// </summary>
    public static IServiceCollection AddBotHosting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotEndpointOptions>()
            .Bind(configuration.GetSection(BotEndpointOptions.SectionName))
            .Validate(o => o.MaxRequestBytes is > 0 and <= BotEndpointOptions.MaxStoredBodyBytes,
                $"BotFramework:Endpoint:MaxRequestBytes must be between 1 and {BotEndpointOptions.MaxStoredBodyBytes} (an accepted body is kept in one table entity).")
            .Validate(o => o.QueueCapacity >= 1 && o.PerConversationCapacity >= 1 && o.Lanes >= 1,
                "BotFramework:Endpoint:QueueCapacity, PerConversationCapacity and Lanes must be at least 1.")
            .Validate(o => o.RecoveryGrace > TimeSpan.Zero && o.RecoveryInterval > TimeSpan.Zero && o.DoneFlushInterval > TimeSpan.Zero
                && o.MaxRecoveryAttempts >= 1,
                "BotFramework:Endpoint:RecoveryGrace, RecoveryInterval and DoneFlushInterval must be positive, MaxRecoveryAttempts at least 1.")
            .Validate(o => o.UserMessageLimit >= 1 && o.UserInvokeLimit >= 1 && o.UserLimitWindow > TimeSpan.Zero,
                "BotFramework:Endpoint:UserMessageLimit and UserInvokeLimit must be at least 1 and UserLimitWindow positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReplySender>();
        services.TryAddSingleton<TurnQueue>();
        services.TryAddSingleton<ServedTenants>();
        services.TryAddSingleton<UserRateLimits>();
        services.AddMetrics().TryAddSingleton<HostingMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<TurnQueue>());
        return services;
    }

    /// <summary>
    /// Adds tenants served besides <c>BotFramework:AllowedTenants</c>, computed once from the application's
    /// services (for the bot: the department file's tenant).
    /// </summary>
    public static IServiceCollection AddAllowedTenants(this IServiceCollection services, Func<IServiceProvider, IEnumerable<string>> tenants)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        services.AddSingleton<IAllowedTenantsSource>(sp => new DelegateAllowedTenantsSource(() => tenants(sp)));
        return services;
    }

    /// <summary>Says loudly at start when requests without a token are accepted (the local mode: Development without app id, not on App Service).</summary>
    public static WebApplication LogAnonymousModeWarning(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IBotRequestAuthenticator>().IsAnonymousModeEnabled)
        {
            app.Logger.LogWarning(
                "Anonymous mode: no MicrosoftAppId is configured, the environment is Development and this is not App Service, so requests without a Bot Framework token are accepted from loopback addresses. Never run this way outside a local machine, nor behind a tunnel.");
        }
        return app;
    }
}

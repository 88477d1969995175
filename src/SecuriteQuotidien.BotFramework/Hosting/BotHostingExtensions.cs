using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SecuriteQuotidien.BotFramework.Authentication;

namespace SecuriteQuotidien.BotFramework.Hosting;

public static class BotHostingExtensions
{
    /// <summary>
    /// The /api/messages pipeline: turn queue, reply sender, endpoint options. The application
    /// registers its <see cref="IBotHandler"/> (scoped) and the state stores.
    /// </summary>
    public static IServiceCollection AddBotHosting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotEndpointOptions>().Bind(configuration.GetSection(BotEndpointOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReplySender>();
        services.TryAddSingleton<TurnQueue>();
        services.AddMetrics().TryAddSingleton<HostingMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<TurnQueue>());
        return services;
    }

    /// <summary>Says loudly at start when requests without a token are accepted (Development without app id).</summary>
    public static WebApplication LogAnonymousModeWarning(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IBotRequestAuthenticator>().IsAnonymousModeEnabled)
        {
            app.Logger.LogWarning(
                "Anonymous mode: no MicrosoftAppId is configured and the environment is Development, so requests without a Bot Framework token are accepted. Never run this way outside a local machine.");
        }
        return app;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly;
using SecuriteQuotidien.BotFramework.Authentication;
using SecuriteQuotidien.BotFramework.Configuration;
using SecuriteQuotidien.BotFramework.Connector;

namespace SecuriteQuotidien.BotFramework;

public static class BotFrameworkServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Bot Framework protocol: <see cref="BotFrameworkOptions"/> (validated at start),
    /// <see cref="LocalMode"/>, <see cref="IBotRequestAuthenticator"/>, <see cref="IConnectorTokenProvider"/> and
    /// <see cref="IConnectorClient"/> (typed HttpClient with the connector resilience handler), and an error in the log
    /// at start for every setting that holds an unresolved Key Vault reference (<see cref="KeyVaultReference"/>).
    /// </summary>
    public static IServiceCollection AddBotFramework(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        services.AddOptions<BotFrameworkOptions>()
            .Configure(options => Bind(configuration, options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotFrameworkOptions>, BotFrameworkOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(environment);

        services.AddHttpClient(BotOpenIdMetadata.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.TryAddSingleton<BotOpenIdMetadata>();
        services.TryAddSingleton(provider => new LocalMode(environment.IsDevelopment(),
            provider.GetRequiredService<IOptions<BotFrameworkOptions>>().Value.HasAppId, configuration[LocalMode.AppServiceInstanceSetting]));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, UnresolvedKeyVaultReferenceLog>());
        services.TryAddSingleton<IBotRequestAuthenticator, BotRequestAuthenticator>();
        services.TryAddSingleton<IConnectorTokenProvider, AzureIdentityConnectorTokenProvider>();

        services.AddHttpClient<IConnectorClient, ConnectorClient>(client =>
            {
                // Attempts have their own timeout in the pipeline; the client must not cut a
                // Retry-After wait short.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler(ConnectorResilience.PipelineName, (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<BotFrameworkOptions>>().Value;
                pipeline.AddRetry(ConnectorResilience.CreateRetryOptions(options));
                pipeline.AddTimeout(options.ConnectorAttemptTimeout);
            });
        return services;
    }

    /// <summary>Credentials from the configuration root (SDK names), protocol settings from the BotFramework section.</summary>
    internal static void Bind(IConfiguration configuration, BotFrameworkOptions options)
    {
        options.MicrosoftAppId = configuration["MicrosoftAppId"];
        options.MicrosoftAppPassword = configuration["MicrosoftAppPassword"];
        options.MicrosoftAppTenantId = configuration["MicrosoftAppTenantId"];
        options.MicrosoftAppCertificatePath = configuration["MicrosoftAppCertificatePath"];
        options.MicrosoftAppCertificatePassword = configuration["MicrosoftAppCertificatePassword"];
        var appType = configuration["MicrosoftAppType"];
        if (!string.IsNullOrWhiteSpace(appType))
        {
            if (Enum.TryParse<BotAppType>(appType, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                options.MicrosoftAppType = parsed;
            }
            else
            {
                options.UnknownAppType = appType;
            }
        }

        var section = configuration.GetSection(BotFrameworkOptions.SectionName);
        section.Bind(options);
        // The binder appends to a pre-filled list; a configured list must replace the defaults.
        var hosts = section.GetSection(nameof(BotFrameworkOptions.TrustedServiceUrlHosts)).Get<List<string>>();
        options.TrustedServiceUrlHosts = hosts is { Count: > 0 } ? hosts : [.. BotFrameworkOptions.DefaultTrustedServiceUrlHosts];
    }
}

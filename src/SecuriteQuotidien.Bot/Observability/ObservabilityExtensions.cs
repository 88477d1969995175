using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Instrumentation.Http;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using SecuriteQuotidien.Bot.Observability;
using SecuriteQuotidien.BotFramework.Hosting;

// In the DI namespace so that Program.cs finds AddObservability without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class ObservabilityExtensions
{
    /// <summary>The variable App Service gets from <c>infra/main.bicep</c>.</summary>
    public const string ConnectionStringVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// Set by <c>infra/main.bicep</c> because its Application Insights resource refuses local (connection string
    /// only) authentication: <c>Authorization=AAD;ClientId=&lt;client id of a user-assigned managed identity&gt;</c>,
    /// or <c>Authorization=AAD</c> alone for the system-assigned identity (the format other Azure Monitor agents read).
    /// </summary>
    public const string AuthenticationStringVariable = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>The distro's own section (<c>AzureMonitor:ConnectionString</c>, <c>SamplingRatio</c>, <c>EnableLiveMetrics</c>...).</summary>
    public const string AzureMonitorSection = "AzureMonitor";

    /// <summary>
    /// Product metrics always (counters cost nothing without a listener). OpenTelemetry tracing, metrics
    /// and logs exported to Application Insights only when a connection string is configured: without
    /// one no OpenTelemetry provider or exporter is registered, so local runs, tests and benches do not
    /// pay for it.
    /// </summary>
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProductMetrics();
        var connectionString = ConnectionStringOf(configuration);
        if (connectionString is null)
        {
            return services;
        }
        // Read here, so that a malformed value stops the start-up instead of losing telemetry quietly.
        var credential = TelemetryIdentity.Of(configuration[AuthenticationStringVariable])?.Credential();

        services.AddOpenTelemetry()
            // Traces (ASP.NET Core, HttpClient, Azure SDK), metrics and ILogger logs; the distro reads the
            // rest of the "AzureMonitor" section (sampling, live metrics, offline storage).
            .UseAzureMonitor(options =>
            {
                configuration.GetSection(AzureMonitorSection).Bind(options);
                options.ConnectionString = connectionString;
                if (credential is not null)
                {
                    options.Credential = credential;
                }
            })
            .WithMetrics(metrics => metrics
                .AddMeter(ProductMetrics.MeterName, HostingMetrics.MeterName)
                // The runtime's built-in meter (GC, thread pool, exceptions) since .NET 9.
                .AddMeter("System.Runtime"));

        // Recorded URLs lose their query string: an export link's "sig" is a credential. Headers
        // (Authorization included) and bodies are never recorded by these instrumentations.
        services.Configure<AspNetCoreTraceInstrumentationOptions>(options =>
        {
            options.EnrichWithHttpRequest = (activity, _) => TelemetryScrubber.ScrubServerSpan(activity);
            options.Filter = context => !context.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal);
        });
        services.Configure<HttpClientTraceInstrumentationOptions>(options =>
            options.EnrichWithHttpRequestMessage = (activity, _) => TelemetryScrubber.ScrubClientSpan(activity));

        // ASP.NET Core's "Request starting" logs carry the query string; HttpClient's carry conversation URLs.
        services.AddLogging(logging => logging
            .AddFilter<OpenTelemetryLoggerProvider>("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning)
            .AddFilter<OpenTelemetryLoggerProvider>("System.Net.Http.HttpClient", LogLevel.Warning));
        return services;
    }

    /// <summary>The Application Insights connection string, or null when telemetry export is off.</summary>
    public static string? ConnectionStringOf(IConfiguration configuration)
    {
        var value = configuration[ConnectionStringVariable];
        if (string.IsNullOrWhiteSpace(value))
        {
            value = configuration[AzureMonitorSection + ":ConnectionString"];
        }
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}

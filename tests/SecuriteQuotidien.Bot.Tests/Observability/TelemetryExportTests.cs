using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Observability;

/// <summary>Application Insights export: off without a connection string, on with one, and what it records.</summary>
public sealed class TelemetryExportTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // An ingestion endpoint nobody listens on (discard port): the exporter's sends fail quietly, nothing leaves the machine.
    private const string ConnectionString = "InstrumentationKey=00000000-0000-4000-8000-00000000abcd;IngestionEndpoint=http://127.0.0.1:9/";

    private static readonly Dictionary<string, string?> ExportOn = new()
    {
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ConnectionString,
        ["AzureMonitor:EnableLiveMetrics"] = "false",
        ["AzureMonitor:DisableOfflineStorage"] = "true",
    };

    static TelemetryExportTests()
    {
        // The exporter's own usage statistics would otherwise go to a fixed Microsoft endpoint.
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_STATSBEAT_DISABLED", "true");
    }

    [Fact]
    public void Without_a_connection_string_no_OpenTelemetry_or_Azure_Monitor_service_is_registered()
    {
        var services = Register(new Dictionary<string, string?>());
        Assert.DoesNotContain(services, d => TypesOf(d).Any(IsTelemetryType));
    }

    [Theory]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING")]
    [InlineData("AzureMonitor:ConnectionString")]
    public void With_a_connection_string_the_Azure_Monitor_exporter_is_registered(string key)
    {
        var services = Register(new Dictionary<string, string?> { [key] = ConnectionString });
        Assert.Contains(services, d => TypesOf(d).Any(t => t.Assembly.GetName().Name!.StartsWith("Azure.Monitor.OpenTelemetry", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_bot_without_a_connection_string_has_no_tracer_or_meter_provider()
    {
        await using var bot = await BotTestHost.StartAsync(azurite, new BotTestHostOptions { Install = false });
        Assert.Null(bot.Services.GetService<TracerProvider>());
        Assert.Null(bot.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task A_recorded_export_link_request_keeps_neither_its_signature_nor_the_authorization_header()
    {
        var exported = new LockedCollection<Activity>();
        await using var app = await BotTestHost.StartAsync(azurite, new BotTestHostOptions
        {
            Install = false,
            // Host settings: Program reads them while registering services (app configuration comes later).
            HostSettings = ExportOn,
            // Every span: the distro's rate-limited sampler may drop the one request among the start-up spans.
            ConfigureServices = services =>
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(exported)),
        });
        Assert.NotNull(app.Services.GetService<TracerProvider>());
        Assert.NotNull(app.Services.GetService<MeterProvider>());
        var http = app.Http;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/exports/0123456789abcdef?exp=1893456000&sig=c2VjcmV0LXNpZ25hdHVyZQ");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJ0b2tlbi1zZWNyZXQ");

        using var response = await http.SendAsync(request);

        var span = await ServerSpanAsync(exported, "/exports/0123456789abcdef");
        var recorded = string.Join(" | ", span.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(span.DisplayName));
        Assert.Contains("/exports/0123456789abcdef", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", recorded, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("c2VjcmV0LXNpZ25hdHVyZQ", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ0b2tlbi1zZWNyZXQ", recorded, StringComparison.Ordinal);
        Assert.Null(span.GetTagItem("url.query"));
    }

    [Fact]
    public void An_outgoing_url_loses_its_query()
    {
        using var activity = new Activity("client");
        activity.SetTag("url.full", "https://account.table.core.windows.net/Issues()?sv=2025&sig=abc");
        SecuriteQuotidien.Bot.Observability.TelemetryScrubber.ScrubClientSpan(activity);
        Assert.Equal("https://account.table.core.windows.net/Issues()", activity.GetTagItem("url.full"));
    }

    /// <summary>The server span ends just after the response is written: waits for it, bounded.</summary>
    private static async Task<Activity> ServerSpanAsync(LockedCollection<Activity> exported, string path)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (exported.Snapshot().FirstOrDefault(a => a.Kind == ActivityKind.Server && Equals(a.GetTagItem("url.path"), path)) is { } span)
            {
                return span;
            }
            await Task.Delay(50);
        }
        var seen = string.Join("; ", exported.Snapshot().Select(a => $"{a.Kind} {a.DisplayName} {a.GetTagItem("url.path")}"));
        throw new Xunit.Sdk.XunitException($"No server span for {path} was exported (exported: {seen}).");
    }

    private static ServiceCollection Register(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddObservability(configuration);
        return services;
    }

    private static bool IsTelemetryType(Type type)
    {
        var assembly = type.Assembly.GetName().Name!;
        return assembly.StartsWith("OpenTelemetry", StringComparison.Ordinal) || assembly.StartsWith("Azure.Monitor", StringComparison.Ordinal);
    }

    private static IEnumerable<Type> TypesOf(ServiceDescriptor descriptor)
    {
        var types = new List<Type?>
        {
            descriptor.ServiceType,
            descriptor.IsKeyedService ? descriptor.KeyedImplementationType : descriptor.ImplementationType,
            (descriptor.IsKeyedService ? descriptor.KeyedImplementationInstance : descriptor.ImplementationInstance)?.GetType(),
            (descriptor.IsKeyedService ? descriptor.KeyedImplementationFactory?.Method : descriptor.ImplementationFactory?.Method)?.DeclaringType,
        };
        types.AddRange(descriptor.ServiceType.GenericTypeArguments);
        return types.OfType<Type>();
    }

    /// <summary>The exporter adds from the request's thread while the test reads.</summary>
    private sealed class LockedCollection<T> : Collection<T>
    {
        protected override void InsertItem(int index, T item)
        {
            lock (Items)
            {
                base.InsertItem(index, item);
            }
        }

        public IReadOnlyList<T> Snapshot()
        {
            lock (Items)
            {
                return Items.ToList();
            }
        }
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.BotFramework;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Delivery;

/// <summary>
/// A process of the bot reduced to what delivery needs (protocol, tables, directory, delivery), over a
/// real Azurite and tables named by <see cref="TablePrefix"/>: two hosts with one prefix are two
/// instances of the bot sharing one storage account.
/// </summary>
internal sealed class DeliveryHost : IAsyncDisposable
{
    private readonly IHost _host;

    private DeliveryHost(IHost host, string tablePrefix)
    {
        _host = host;
        TablePrefix = tablePrefix;
    }

    public string TablePrefix { get; }
    public IServiceProvider Services => _host.Services;
    public IProactiveSender Sender => Services.GetRequiredService<IProactiveSender>();
    public IOutbox Outbox => Services.GetRequiredService<IOutbox>();
    public IConversationReferenceStore References => Services.GetRequiredService<IConversationReferenceStore>();
    public IIssueRepository Issues => Services.GetRequiredService<IIssueRepository>();

    /// <summary>The dispatcher of this host (null when started without one).</summary>
    public OutboxDispatcher? Dispatcher => Services.GetServices<IHostedService>().OfType<OutboxDispatcher>().SingleOrDefault();

    public static string NewPrefix() => "d" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Fast test settings: short polls, backoff and claims; the connector client retries once (its
    /// minimum), so a failure answered twice reaches the outbox (a test may override any key).
    /// </summary>
    public static async Task<DeliveryHost> StartAsync(string tablesConnection, string serviceUrl, string? tablePrefix = null,
        IDictionary<string, string?>? settings = null, bool withDispatcher = true)
    {
        tablePrefix ??= NewPrefix();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = Environments.Development,
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Tables"] = tablesConnection,
            ["Storage:TablePrefix"] = tablePrefix,
            ["Directory:Path"] = RepoPaths.Combine("departments", "hautes-alpes.json"),
            ["BotFramework:ConnectorMaxRetryAttempts"] = "1",
            ["BotFramework:ConnectorRetryBaseDelay"] = "00:00:00.100",
            ["Delivery:DefaultServiceUrl"] = serviceUrl,
            ["Delivery:PollInterval"] = "00:00:00.100",
            ["Delivery:RetryBaseDelay"] = "00:00:00.200",
            ["Delivery:RetryMaxDelay"] = "00:00:01",
            ["Delivery:StorageRetryMaxDelay"] = "00:00:01",
            ["Delivery:ThrottledMinDelay"] = "00:00:01",
            ["Delivery:ClaimDuration"] = "00:00:10",
            ["Delivery:SettleMargin"] = "00:00:02",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddLogging();
        builder.Services.AddBotFramework(builder.Configuration, builder.Environment);
        builder.Services.AddTableStorage(builder.Configuration);
        builder.Services.AddDepartmentDirectory(builder.Configuration);
        builder.Services.AddDelivery(builder.Configuration);
        if (!withDispatcher)
        {
            var dispatcher = builder.Services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OutboxDispatcher));
            builder.Services.Remove(dispatcher);
        }
        var host = builder.Build();
        await host.StartAsync();
        return new DeliveryHost(host, tablePrefix);
    }

    /// <summary>Polls the outbox until the message reaches <paramref name="state"/> (bounded).</summary>
    public async Task<OutboxMessage> WaitForStateAsync(string key, OutboxState state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        OutboxMessage? message = null;
        while (DateTime.UtcNow < deadline)
        {
            message = await Outbox.GetAsync(key, CancellationToken.None);
            if (message?.State == state)
            {
                return message;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Outbox message {key} is {message?.State.ToString() ?? "missing"} (last error: {message?.LastError}), not {state}.");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

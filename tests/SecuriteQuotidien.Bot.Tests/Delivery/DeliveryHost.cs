using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Delivery;

/// <summary>
/// The bot host with fast delivery settings (short polls, backoff and claims; the connector client retries
/// once, its minimum, so a failure answered twice reaches the outbox), not installed anywhere: two hosts
/// with one table prefix are two instances of the bot sharing one storage account.
/// </summary>
internal sealed class DeliveryHost : BotTestHost
{
    private DeliveryHost(string tablesConnection, BotTestHostOptions options) : base(tablesConnection, options)
    {
    }

    public IProactiveSender Sender => Get<IProactiveSender>();
    public IConversationReferenceStore References => Get<IConversationReferenceStore>();

    /// <summary>The dispatcher of this host (null when started without one).</summary>
    public OutboxDispatcher? Dispatcher => Services.GetServices<IHostedService>().OfType<OutboxDispatcher>().SingleOrDefault();

    public static string NewPrefix() => NewTablePrefix();

    public static async Task<DeliveryHost> StartAsync(string tablesConnection, ConnectorStandIn connector, string? tablePrefix = null,
        IDictionary<string, string?>? settings = null, bool withDispatcher = true, Action<IServiceCollection>? configure = null, TimeProvider? time = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["BotFramework:ConnectorMaxRetryAttempts"] = "1",
            ["BotFramework:ConnectorRetryBaseDelay"] = "00:00:00.100",
            ["Delivery:RetryBaseDelay"] = "00:00:00.200",
            ["Delivery:RetryMaxDelay"] = "00:00:01",
            ["Delivery:StorageRetryMaxDelay"] = "00:00:01",
            ["Delivery:ThrottledMinDelay"] = "00:00:01",
            ["Delivery:ClaimDuration"] = "00:00:10",
            ["Delivery:SettleMargin"] = "00:00:02",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var host = new DeliveryHost(tablesConnection, new BotTestHostOptions
        {
            Settings = all,
            Connector = connector,
            TablePrefix = tablePrefix,
            OutboxDispatcher = withDispatcher,
            Install = false,
            ConfigureServices = configure,
            Time = time,
        });
        await host.StartHostAsync();
        return host;
    }

    /// <summary>Polls the outbox until the message reaches <paramref name="state"/> (bounded).</summary>
    public Task<OutboxMessage> WaitForStateAsync(string key, OutboxState state, TimeSpan timeout) =>
        WaitForAsync(key, m => m.State == state, timeout, state.ToString());

    /// <summary>Polls the outbox until the message matches (bounded).</summary>
    public async Task<OutboxMessage> WaitForAsync(string key, Func<OutboxMessage, bool> match, TimeSpan timeout, string what = "as expected")
    {
        var deadline = DateTime.UtcNow + timeout;
        OutboxMessage? message = null;
        while (DateTime.UtcNow < deadline)
        {
            message = await Outbox.GetAsync(key, CancellationToken.None);
            if (message is not null && match(message))
            {
                return message;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Outbox message {key} is {message?.State.ToString() ?? "missing"} (attempts: {message?.Attempts}, last error: {message?.LastError}), not {what}.");
    }
}

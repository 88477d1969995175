using System.Net;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;
using SecuriteQuotidien.Testing.Faults;
using static SecuriteQuotidien.Bot.Tests.Hosting.InboundTestSupport;

namespace SecuriteQuotidien.Bot.Tests.Hosting;

/// <summary>
/// A message acknowledged with 202 is in the store before the acknowledgement, so a host that stops before
/// processing it loses nothing: the next host on the same tables takes it over once its grace is over.
/// </summary>
public sealed class DurableInboundTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>One worker, so a held turn keeps every other queued; recovery after one second.</summary>
    private static Dictionary<string, string?> Settings(string? tablePrefix = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BotFramework:Endpoint:Lanes"] = "1",
            ["BotFramework:Endpoint:RecoveryGrace"] = "00:00:01",
            ["BotFramework:Endpoint:RecoveryInterval"] = "00:00:00.200",
            ["BotFramework:Endpoint:DoneFlushInterval"] = "00:00:00.200",
        };
        if (tablePrefix is not null)
        {
            settings["Storage:TablePrefix"] = tablePrefix;
        }
        return settings;
    }

    [Fact]
    public async Task A_message_accepted_by_a_host_stopped_before_processing_it_is_processed_by_the_next_host()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        var prefix = "";
        var held = Message(connector.ServiceUrl, "a:1held", OtherPartnerObjectId, id: "held-1");
        var waiting = TeamsActivities.Personal(connector.ServiceUrl, text: "aide", id: "waiting-1");

        // The only worker is held by another conversation's turn until the host stops.
        await using (var first = await StartBotAsync(azurite, connector, Settings(),
            (activity, ct) => activity.Id == "held-1" ? Task.Delay(Timeout.Infinite, ct) : Task.CompletedTask))
        {
            prefix = first.TablePrefix;
            var client = first.Http;
            Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, held)).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, waiting)).StatusCode);
            await Task.Delay(300);
            Assert.Empty(connector.Posts);
        }
        Assert.Equal(2, await PendingRowsAsync(azurite, prefix));

        await using var next = await StartBotAsync(azurite, connector, Settings(prefix));
        var nextClient = next.Http;

        Assert.True(await EventuallyAsync(() => RepliesTo(connector, "waiting-1") == 1 && RepliesTo(connector, "held-1") == 1, Bound),
            $"replies: {string.Join(", ", connector.Posts.Select(p => p.Path))}");
        Assert.Equal("Ce que je sais faire", connector.Posts.Single(p => p.Path.EndsWith("waiting-1", StringComparison.Ordinal)).Card?["body"]?[0]?["text"]?.GetValue<string>());
        // Done marks written: nothing left pending, and a redelivery is still recognised.
        Assert.True(await EventuallyAsync(() => PendingRowsAsync(azurite, prefix).Result == 0, Bound));
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(nextClient, waiting)).StatusCode);
        await Task.Delay(1500);
        Assert.Equal(1, RepliesTo(connector, "waiting-1"));
    }

    [Fact]
    public async Task A_message_whose_turn_fails_is_tried_again_after_its_grace()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        var failures = 0;
        await using var bot = await StartBotAsync(azurite, connector, Settings(), (activity, _) =>
            activity.Id == "flaky-1" && Interlocked.Increment(ref failures) == 1
                ? throw new InvalidOperationException("the first turn fails")
                : Task.CompletedTask);
        var client = bot.Http;

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, TeamsActivities.Personal(connector.ServiceUrl, text: "aide", id: "flaky-1"))).StatusCode);

        Assert.True(await EventuallyAsync(() => RepliesTo(connector, "flaky-1") == 1, Bound));
        Assert.Equal(2, Volatile.Read(ref failures));
    }

    [Fact]
    public async Task With_the_store_unreachable_a_message_is_refused_with_503_and_its_retry_is_processed_once()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        var (relay, connection) = TcpRelay.InFrontOfTables(azurite.ConnectionString);
        await using var _ = relay;
        var settings = Settings();
        settings["ConnectionStrings:Tables"] = connection;
        await using var bot = await StartBotAsync(azurite, connector, settings);
        var client = bot.Http;
        var message = TeamsActivities.Personal(connector.ServiceUrl, text: "aide", id: "outage-1");

        relay.Pause();
        var refused = await PostAsync(client, message);
        relay.Resume();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        await Task.Delay(1500);
        Assert.Empty(connector.Posts);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, message)).StatusCode);
        Assert.True(await EventuallyAsync(() => RepliesTo(connector, "outage-1") == 1, Bound));
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;
using Xunit.Abstractions;
using static SecuriteQuotidien.Bot.Tests.Hosting.InboundTestSupport;

namespace SecuriteQuotidien.Bot.Tests.Hosting;

/// <summary>
/// One user flooding the bot: the per-user limits answer the flood, and the turn queue's fair share per
/// conversation keeps every other conversation served, with no 503 and nothing lost.
/// </summary>
public sealed class FairQueueingTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int Flood = 1000;
    private const int Neighbour = 10;
    private const string FloodConversation = "a:1flood";
    private const string NeighbourConversation = "a:1neighbour";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task One_conversation_sending_a_thousand_messages_leaves_another_conversations_ten_all_answered()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        // The queue alone: limits out of the way, a single worker, a small queue, slow turns for the flood.
        await using var bot = await StartBotAsync(azurite, connector, new Dictionary<string, string?>
        {
            ["BotFramework:Endpoint:UserMessageLimit"] = "1000000",
            ["BotFramework:Endpoint:Lanes"] = "1",
            ["BotFramework:Endpoint:QueueCapacity"] = "100",
        }, (activity, ct) => activity.Conversation?.Id == FloodConversation ? Task.Delay(20, ct) : Task.CompletedTask);
        var client = bot.Http;

        var flood = FloodAsync(client, connector, concurrency: 32);
        await EventuallyAsync(() => flood.IsCompleted || connector.Posts.Count > 0, Bound);
        var neighbour = await Task.WhenAll(Enumerable.Range(0, Neighbour).Select(async i =>
        {
            using var response = await PostAsync(client, Message(connector.ServiceUrl, NeighbourConversation, OtherPartnerObjectId, id: $"neighbour-{i}"));
            return response.StatusCode;
        }));
        var floodStatuses = await flood;

        Assert.All(neighbour, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.True(await EventuallyAsync(() => Enumerable.Range(0, Neighbour).All(i => RepliesTo(connector, $"neighbour-{i}") == 1), Bound),
            $"neighbour replies: {Enumerable.Range(0, Neighbour).Count(i => RepliesTo(connector, $"neighbour-{i}") == 1)} of {Neighbour}");
        var accepted = floodStatuses.Where(s => s.Status == HttpStatusCode.Accepted).Select(s => s.Id).ToList();
        output.WriteLine($"flood: {accepted.Count} accepted, {floodStatuses.Count(s => s.Status == HttpStatusCode.ServiceUnavailable)} answered 503");
        // The flood met its own share's limit, and nothing it had acknowledged was lost.
        Assert.Contains(floodStatuses, s => s.Status == HttpStatusCode.ServiceUnavailable);
        Assert.All(floodStatuses, s => Assert.True(s.Status is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, s.Status.ToString()));
        Assert.True(await EventuallyAsync(() => accepted.All(id => RepliesTo(connector, id) == 1), Bound));
    }

    [Fact]
    public async Task A_flood_over_the_message_limit_is_answered_once_in_french_and_not_processed_while_a_neighbour_is_served()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        // Default limits (30 messages a minute), over a window long enough that the test never crosses it.
        // Default limits, over a window long enough that the test never crosses it.
        await using var bot = await StartBotAsync(azurite, connector, new Dictionary<string, string?>
        {
            ["BotFramework:Endpoint:UserMessageLimit"] = "30",
            ["BotFramework:Endpoint:UserInvokeLimit"] = "60",
            ["BotFramework:Endpoint:UserLimitWindow"] = "00:10:00",
        });
        var client = bot.Http;

        var floodStatuses = await FloodAsync(client, connector, concurrency: 16);
        foreach (var i in Enumerable.Range(0, Neighbour))
        {
            using var response = await PostAsync(client, Message(connector.ServiceUrl, NeighbourConversation, OtherPartnerObjectId, id: $"neighbour-{i}"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // Every flood request acknowledged (a 429 would make the channel deliver it again).
        Assert.All(floodStatuses, s => Assert.Equal(HttpStatusCode.Accepted, s.Status));
        Assert.True(await EventuallyAsync(() => Enumerable.Range(0, Neighbour).All(i => RepliesTo(connector, $"neighbour-{i}") == 1), Bound));
        await Task.Delay(1000);
        var floodReplies = connector.Posts.Where(p => p.Path.Contains(Uri.EscapeDataString(FloodConversation), StringComparison.Ordinal)).ToList();
        var notices = floodReplies.Where(p => p.Text?.StartsWith("Vous m'envoyez trop de messages", StringComparison.Ordinal) == true).ToList();
        var notice = Assert.Single(notices);
        Assert.Equal("Vous m'envoyez trop de messages : je ne traite pas les suivants pendant 10 minutes. Patientez avant de réessayer.", notice.Text);
        Assert.Equal(30, floodReplies.Count - notices.Count);
    }

    [Fact]
    public async Task Invokes_over_the_limit_get_a_french_answer_in_the_response()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = await StartBotAsync(azurite, connector, new Dictionary<string, string?>
        {
            ["BotFramework:Endpoint:UserInvokeLimit"] = "5",
            ["BotFramework:Endpoint:UserLimitWindow"] = "00:10:00",
        });
        var client = bot.Http;

        var answers = new List<JsonObject>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await PostAsync(client, TeamsActivities.CardAction(connector.ServiceUrl, "aide"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!);
        }
        // Another user's button still works.
        var other = TeamsActivities.CardAction(connector.ServiceUrl, "aide");
        other["from"]!["aadObjectId"] = OtherPartnerObjectId;
        using var otherResponse = await PostAsync(client, other);

        Assert.All(answers.Take(5), a => Assert.Equal("application/vnd.microsoft.card.adaptive", a["type"]?.GetValue<string>()));
        Assert.All(answers.Skip(5), a =>
        {
            Assert.Equal("application/vnd.microsoft.activity.message", a["type"]?.GetValue<string>());
            Assert.Equal("Vous envoyez trop de demandes : patientez 10 minutes avant de réessayer.", a["value"]?.GetValue<string>());
        });
        Assert.Equal("application/vnd.microsoft.card.adaptive", (await otherResponse.Content.ReadFromJsonAsync<JsonObject>())?["type"]?.GetValue<string>());
    }

    /// <summary>The demo partner's thousand messages in one conversation, <paramref name="concurrency"/> at a time.</summary>
    private static async Task<List<(string Id, HttpStatusCode Status)>> FloodAsync(HttpClient client, ConnectorStandIn connector, int concurrency)
    {
        var statuses = new ConcurrentBag<(string, HttpStatusCode)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Flood), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var id = $"flood-{i}";
            using var response = await PostAsync(client, Message(connector.ServiceUrl, FloodConversation, DemoPeople.Partner, id: id));
            statuses.Add((id, response.StatusCode));
        });
        return [.. statuses];
    }
}

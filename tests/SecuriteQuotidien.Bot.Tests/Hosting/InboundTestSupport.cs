using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Hosting;

/// <summary>Small pieces shared by the inbound path's tests (activities of other users, a handler that can be held or made to fail).</summary>
internal static class InboundTestSupport
{
    /// <summary>The second partner of the demo department (Gap hyper-centre).</summary>
    public const string OtherPartnerObjectId = DemoPeople.OtherPartner;

    /// <summary>A bot host replying to <paramref name="connector"/>, not installed; <paramref name="turn"/> runs first on every non-invoke turn.</summary>
    public static Task<BotTestHost> StartBotAsync(AzuriteFixture azurite, ConnectorStandIn connector, IReadOnlyDictionary<string, string?>? settings = null,
        Func<Activity, CancellationToken, Task>? turn = null) =>
        BotTestHost.StartAsync(azurite, new BotTestHostOptions
        {
            Connector = connector,
            Install = false,
            Settings = settings ?? new Dictionary<string, string?>(),
            TablePrefix = settings?.GetValueOrDefault("Storage:TablePrefix"),
            ConfigureServices = turn is null ? null : services => services.AddScoped<IBotHandler>(sp =>
                new HookedHandler(ActivatorUtilities.CreateInstance<TurnKernel>(sp), turn)),
        });

    /// <summary>A personal-chat message in the conversation of its own, from the given user.</summary>
    public static JsonObject Message(string serviceUrl, string conversation, string objectId, string text = "aide", string? id = null)
    {
        var activity = TeamsActivities.Personal(serviceUrl, text: text, id: id, objectId: objectId);
        activity["conversation"]!["id"] = conversation;
        activity["from"]!["id"] = "29:1" + objectId[^4..];
        return activity;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject activity) =>
        client.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>Replies the stand-in received for one inbound activity id.</summary>
    public static int RepliesTo(ConnectorStandIn connector, string activityId) =>
        connector.Posts.Count(p => p.Path.EndsWith("/activities/" + Uri.EscapeDataString(activityId), StringComparison.Ordinal));

    /// <summary>Polls <paramref name="condition"/> until true or the (generous) bound; returns its last value.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        return condition();
    }

    /// <summary>The pending rows (accepted, not done) of a host's tables; with <paramref name="pendingOnly"/> false, every row (marks too).</summary>
    public static async Task<int> PendingRowsAsync(AzuriteFixture azurite, string tablePrefix, bool pendingOnly = true)
    {
        var table = new TableClient(azurite.ConnectionString, tablePrefix + "ProcessedActivities");
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(pendingOnly ? "State eq 'accepted'" : null, select: ["RowKey"]))
        {
            count++;
        }
        return count;
    }

    private sealed class HookedHandler(IBotHandler inner, Func<Activity, CancellationToken, Task> hook) : IBotHandler
    {
        public async Task OnActivityAsync(TurnContext turn, CancellationToken cancellationToken)
        {
            await hook(turn.Activity, cancellationToken);
            await inner.OnActivityAsync(turn, cancellationToken);
        }

        public Task<InvokeResponseBody> OnInvokeAsync(TurnContext turn, CancellationToken cancellationToken) => inner.OnInvokeAsync(turn, cancellationToken);

        public string? RefusedTenantMessage(Activity activity) => inner.RefusedTenantMessage(activity);
    }
}

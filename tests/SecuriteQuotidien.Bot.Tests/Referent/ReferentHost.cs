using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Referent;

/// <summary>The bot host with a short pause-reason bound, and the steps referent tests repeat.</summary>
public sealed class ReferentHost : BotTestHost
{
    public const string PauseReasonMaxLength = "40";

    private ReferentHost(AzuriteFixture azurite) : base(azurite.ConnectionString, new BotTestHostOptions
    {
        Settings = new Dictionary<string, string?> { ["Referent:PauseReasonMaxLength"] = PauseReasonMaxLength },
    })
    {
    }

    public static async Task<ReferentHost> StartAsync(AzuriteFixture azurite)
    {
        var host = new ReferentHost(azurite);
        await host.StartHostAsync();
        return host;
    }

    public CardClient Partner => As(DemoPeople.Partner);

    /// <summary>A new issue of the partner in Gap hyper-centre with a thread in its channel.</summary>
    public Task<Issue> NewIssueAsync() => SeedIssueAsync(subCategory: "halls", withThread: true);

    /// <summary>The current root card, as the refresh answers it.</summary>
    public async Task<JsonObject> CardAsync(Issue issue, string objectId = DemoPeople.GapReferent) =>
        CardClient.CardOf(await As(objectId).InvokeAsync(ActionIds.Issue.Refresh, IssueRef.Of(issue).ToData()));

    public Task<ConnectorRequest> WaitForCardUpdateAsync(Issue issue, string containing) =>
        WaitForCardUpdateAsync(issue.Thread!.RootActivityId, containing);

    public Task<ConnectorRequest> WaitForPartnerMessageAsync(string containing) => WaitForMessageToAsync(DemoPeople.Partner, containing);

    public IReadOnlyList<ConnectorRequest> PartnerMessagesContaining(string text) => MessagesTo(DemoPeople.Partner, text);
}

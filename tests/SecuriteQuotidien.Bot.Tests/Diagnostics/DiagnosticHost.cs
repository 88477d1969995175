using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Diagnostics;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Diagnostics;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;
using static SecuriteQuotidien.Testing.DemoPeople;

namespace SecuriteQuotidien.Bot.Tests.Diagnostics;

/// <summary>
/// The bot host installed in the demo team and in Camille Roux's personal chat (Résidence Les Cèdres, partner of
/// Gap hyper-centre), and the steps diagnostic tests repeat. The periodic sweep is off: tests sweep by hand.
/// </summary>
public sealed class DiagnosticHost : BotTestHost
{
    private DiagnosticHost(AzuriteFixture azurite) : base(azurite.ConnectionString, null)
    {
    }

    public IDiagnosticRepository Diagnostics => Get<IDiagnosticRepository>();
    public IMeetingRepository Meetings => Get<IMeetingRepository>();
    public IHotspotMarkStore Marks => Get<IHotspotMarkStore>();
    public IDiagnosticCardStore CardLocations => Get<IDiagnosticCardStore>();
    public DiagnosticSweep Sweep => Get<DiagnosticSweep>();

    public static async Task<DiagnosticHost> StartAsync(AzuriteFixture azurite)
    {
        var host = new DiagnosticHost(azurite);
        await host.StartHostAsync();
        return host;
    }

    /// <summary>An issue of Gap hyper-centre reported by Camille, created <paramref name="daysAgo"/> days before the host's now.</summary>
    public Task<Issue> SeedPastIssueAsync(string categoryId = "occupation-parties-communes", string? siteId = DemoDepartment.HallA, int daysAgo = 1,
        string sector = DemoDepartment.GapCentre, Func<Issue, Issue>? shape = null) =>
        SeedIssueAsync(sector, categoryId, site: siteId is null ? IssueSite.Address("3 rue Bayard") : IssueSite.Known(siteId),
            lastOccurrence: Today.AddDays(-daysAgo), shape: issue =>
            {
                var past = issue with { CreatedAt = Now.AddDays(-daysAgo) };
                return shape?.Invoke(past) ?? past;
            });

    /// <summary>Opens a diagnostic the way a referent does: `diagnostic nouveau` in the channel, then the form.</summary>
    public async Task<Diagnostic> OpenAsync(string title, params Issue[] linked)
    {
        var form = (JsonObject)(await SayInChannelAsync("diagnostic nouveau")).Card!;
        var answer = await As(GapReferent).ClickAsync(form, ActionIds.Diagnostic.OpenSubmit, new Dictionary<string, string>
        {
            [DiagnosticFields.Title] = title,
            [DiagnosticFields.Issues] = string.Join(',', linked.Select(i => i.Number)),
        });
        Assert.Contains("ouvert", CardClient.AllText(answer), StringComparison.Ordinal);
        var listed = await Diagnostics.ListBySectorAsync(DemoDepartment.GapCentre, CancellationToken.None);
        return listed.Single(d => d.Diagnostic.Title == title).Diagnostic;
    }

    public async Task<Diagnostic> ReadAsync(Diagnostic diagnostic) =>
        (await Diagnostics.GetAsync(diagnostic.SectorId, diagnostic.Number, CancellationToken.None))!.Diagnostic;

    /// <summary>The current diagnostic card, as its refresh answers it.</summary>
    public async Task<JsonObject> CardAsync(Diagnostic diagnostic, string objectId = GapReferent) =>
        CardClient.CardOf(await As(objectId).InvokeAsync(ActionIds.Diagnostic.Refresh, DiagnosticRef.Of(diagnostic).ToData()));

    /// <summary>Adds an action to the plan through the card's form.</summary>
    public async Task<JsonObject> AddActionAsync(Diagnostic diagnostic, string text, string owner, DateOnly due)
    {
        var card = await CardAsync(await ReadAsync(diagnostic));
        var form = await As(GapReferent).ClickAsync(card, ActionIds.Diagnostic.AddAction);
        return await As(GapReferent).ClickAsync(form, ActionIds.Diagnostic.AddActionSubmit, new Dictionary<string, string>
        {
            [DiagnosticFields.ActionText] = text,
            [DiagnosticFields.Owner] = owner,
            [DiagnosticFields.DueDate] = due.ToString("yyyy-MM-dd"),
        });
    }

    /// <summary>The card of the diagnostic's channel post (a new thread), once the outbox sent it.</summary>
    public Task<ConnectorRequest> WaitForDiagnosticPostAsync(Diagnostic diagnostic) =>
        WaitForRequestAsync(r => r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal) && r.Body is not null
            && CardClient.AllText(r.Body).Contains($"Diagnostic partagé {diagnostic.Number}", StringComparison.Ordinal), $"the post of {diagnostic.Number}");

    /// <summary>Where the diagnostic card was posted, once the outbox recorded it (bounded wait).</summary>
    public async Task<ChannelThread> CardLocationAsync(Diagnostic diagnostic)
    {
        var deadline = DateTime.UtcNow + DefaultWait;
        while (DateTime.UtcNow < deadline)
        {
            if (await CardLocations.GetAsync(diagnostic.SectorId, diagnostic.Number, CancellationToken.None) is { } location)
            {
                return location;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"The card of {diagnostic.Number} was never posted.");
    }

    public Task<ConnectorRequest> WaitForPartnerMessageAsync(string containing) => WaitForMessageToAsync(Camille, containing);

    public IReadOnlyList<ConnectorRequest> PartnerMessagesContaining(string text) => MessagesTo(Camille, text);

    /// <summary>Clicks a button placed in the card's body (an ActionSet) that sends no inputs.</summary>
    public Task<JsonObject> ClickBodyButtonAsync(string objectId, JsonObject card, string verb, string? title = null) =>
        As(objectId).ClickButtonAsync(card, verb, title);
}

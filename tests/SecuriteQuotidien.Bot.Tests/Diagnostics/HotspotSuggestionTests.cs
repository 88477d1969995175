using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Diagnostics;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Testing;
using static SecuriteQuotidien.Testing.DemoPeople;

namespace SecuriteQuotidien.Bot.Tests.Diagnostics;

/// <summary>The sweep suggests a diagnostic for a series of issues, once; "Ignorer" is remembered.</summary>
public sealed class HotspotSuggestionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private DiagnosticHost _host = null!;

    public async Task InitializeAsync() => _host = await DiagnosticHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<ConnectorStandInPost> SuggestionAsync() =>
        _host.WaitForRequestAsync(r => r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal) && r.Body is not null
            && CardClient.AllText(r.Body).Contains("Plusieurs signalements similaires", StringComparison.Ordinal), "a hotspot suggestion")
            .ContinueWith(t => new ConnectorStandInPost(t.Result), TaskScheduler.Default);

    private sealed record ConnectorStandInPost(ConnectorRequest Request)
    {
        public JsonObject Card => (JsonObject)Request.Body!["activity"]!["attachments"]![0]!["content"]!;
    }

    private int Suggestions => _host.Connector.Requests.Count(r => r.Method == "POST" && r.Body is not null
        && CardClient.AllText(r.Body).Contains("Plusieurs signalements similaires", StringComparison.Ordinal));

    [Fact]
    public async Task Three_issues_on_one_site_within_the_window_are_suggested_once_in_the_sector_channel()
    {
        var issues = new[] { await _host.SeedPastIssueAsync(daysAgo: 20), await _host.SeedPastIssueAsync(daysAgo: 9), await _host.SeedPastIssueAsync(daysAgo: 1) };
        await _host.SeedPastIssueAsync("vols", "gap-rue-carnot", daysAgo: 2);
        await _host.SeedPastIssueAsync("vols", "gap-rue-de-france", daysAgo: 40);

        var first = await _host.Sweep.RunOnceAsync(CancellationToken.None);
        var second = await _host.Sweep.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, first.Suggestions);
        Assert.Equal(0, second.Suggestions);
        var suggestion = await SuggestionAsync();
        Assert.Equal(DemoDepartment.GapCentreChannel, suggestion.Request.Body!["channelData"]!["channel"]!["id"]!.GetValue<string>());
        var text = CardClient.AllText(suggestion.Card);
        Assert.All(issues, i => Assert.Contains(i.Number.ToString(), text, StringComparison.Ordinal));
        Assert.Contains("au même endroit (Résidence Les Cèdres – hall A)", text, StringComparison.Ordinal);
        var mark = Assert.Single(await _host.Marks.ListAsync(DemoDepartment.GapCentre, CancellationToken.None));
        Assert.Equal(HotspotMarkKind.Suggested, mark.Kind);
    }

    [Fact]
    public async Task After_ignorer_the_same_series_is_not_suggested_again_even_with_one_more_issue()
    {
        for (var i = 0; i < 3; i++)
        {
            await _host.SeedPastIssueAsync(daysAgo: 3 + i);
        }
        await _host.Sweep.RunOnceAsync(CancellationToken.None);
        var suggestion = await SuggestionAsync();

        var refused = await _host.As(Camille).InvokeAsync(ActionIds.Hotspot.Ignore, (JsonObject)CardClient.Button(suggestion.Card, ActionIds.Hotspot.Ignore)["data"]!.DeepClone());
        Refusals.AssertRefused(refused["value"]!.GetValue<string>());
        var ignored = await _host.ClickBodyButtonAsync(GapReferent, suggestion.Card, ActionIds.Hotspot.Ignore);
        Assert.Contains("Suggestion de diagnostic ignorée", CardClient.AllText(ignored), StringComparison.Ordinal);
        Assert.Contains(await _host.Marks.ListAsync(DemoDepartment.GapCentre, CancellationToken.None), m => m.Kind == HotspotMarkKind.Dismissed);

        await _host.SeedPastIssueAsync(daysAgo: 0);
        var after = await _host.Sweep.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, after.Suggestions);
        Assert.Equal(1, Suggestions);
    }

    [Fact]
    public async Task Ouvrir_un_diagnostic_on_the_suggestion_opens_the_form_with_the_series_selected_and_covers_the_group()
    {
        var issues = new[] { await _host.SeedPastIssueAsync(daysAgo: 3), await _host.SeedPastIssueAsync(daysAgo: 2), await _host.SeedPastIssueAsync(daysAgo: 1) };
        await _host.Sweep.RunOnceAsync(CancellationToken.None);
        var suggestion = await SuggestionAsync();

        var form = await _host.ClickBodyButtonAsync(GapReferent, suggestion.Card, ActionIds.Diagnostic.OpenForm);
        Assert.Equal(issues.Select(i => i.Number.ToString()).Order(), CardClient.Inputs(form)[DiagnosticFields.Issues].Split(',').Order());
        var opened = await _host.As(GapReferent).ClickAsync(form, ActionIds.Diagnostic.OpenSubmit,
            new Dictionary<string, string> { [DiagnosticFields.Title] = "Hall A" });
        Assert.Contains("ouvert", CardClient.AllText(opened), StringComparison.Ordinal);

        await _host.SeedPastIssueAsync(daysAgo: 0);
        Assert.Equal(0, (await _host.Sweep.RunOnceAsync(CancellationToken.None)).Suggestions);
    }
}

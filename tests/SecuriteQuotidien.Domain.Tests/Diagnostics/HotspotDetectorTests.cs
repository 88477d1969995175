using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using static SecuriteQuotidien.Domain.Tests.Diagnostics.DiagnosticsData;

namespace SecuriteQuotidien.Domain.Tests.Diagnostics;

/// <summary>Fixed data set: today is 28 March 2026, the window of 28 days starts on 1 March.</summary>
public sealed class HotspotDetectorTests
{
    private const string Briancon = "briancon-hyper-centre";
    private static readonly DateOnly Today = new(2026, 3, 28);
    private static readonly HotspotSettings Settings = new() { MinIssues = 3, WindowDays = 28 };

    private static readonly IssueFacts[] Issues =
    [
        Facts(1, new(2026, 2, 28)), // one day before the window
        Facts(2, new(2026, 3, 1)), // first day of the window
        Facts(3, new(2026, 3, 10)),
        Facts(4, new(2026, 3, 20)),
        Facts(5, new(2026, 3, 15), siteId: PlaceJeanMarcellin),
        Facts(6, new(2026, 3, 5), categoryId: "vols", siteId: null),
        Facts(7, new(2026, 3, 6), categoryId: "vols", siteId: null),
        Facts(8, new(2026, 3, 2), siteId: null, sectorId: Briancon),
        Facts(9, new(2026, 3, 12), siteId: null, sectorId: Briancon),
        Facts(10, new(2026, 3, 28), siteId: null, sectorId: Briancon), // today counts
    ];

    private static string Describe(HotspotGroup g) => $"{g.SectorId} {g.Key} {string.Join(",", g.Issues.Select(i => i.Number.Sequence))}";

    [Fact]
    public void Groups_by_site_and_by_category_within_the_window()
    {
        var groups = HotspotDetector.Detect(Issues, Today, Settings, [], []);

        Assert.Equal(
        [
            "gap-hyper-centre categorie:incivilites 2,3,5,4",
            "briancon-hyper-centre categorie:incivilites 8,9,10",
            "gap-hyper-centre site:gap-rue-carnot 2,3,4",
        ], groups.Select(Describe));
        Assert.All(groups, g => Assert.Equal((new DateOnly(2026, 3, 1), Today), (g.WindowStart, g.WindowEnd)));
    }

    [Fact]
    public void Thresholds_come_from_the_settings()
    {
        Assert.Equal(["gap-hyper-centre categorie:incivilites 2,3,5,4"],
            HotspotDetector.Detect(Issues, Today, Settings with { MinIssues = 4 }, [], []).Select(Describe));
        Assert.DoesNotContain(HotspotDetector.Detect(Issues, Today, Settings with { WindowDays = 27 }, [], []),
            g => g.Key == "site:gap-rue-carnot"); // 1 March leaves the window: two issues left
        Assert.All(HotspotDetector.Detect(Issues, Today, Settings with { BySite = false }, [], []), g => Assert.Equal(HotspotKind.Category, g.Kind));
        // Free addresses make no site group: Briançon's series is found by category only.
        Assert.Equal(["gap-hyper-centre site:gap-rue-carnot 2,3,4"],
            HotspotDetector.Detect(Issues, Today, Settings with { ByCategory = false }, [], []).Select(Describe));
    }

    [Fact]
    public void A_category_group_with_exactly_the_site_groups_issues_is_not_repeated()
    {
        var groups = HotspotDetector.Detect(Issues.Where(i => i.Number.Sequence is 2 or 3 or 4), Today, Settings, [], []);

        Assert.Equal(["gap-hyper-centre site:gap-rue-carnot 2,3,4"], groups.Select(Describe));
    }

    [Fact]
    public void Groups_covered_by_an_open_diagnostic_are_skipped_not_by_a_closed_one()
    {
        var open = Opened(At(2026, 3, 21), Linked(3));
        var closed = open.Close(Actor(Referent), 1, At(2026, 3, 22)).Diagnostic;

        Assert.Equal(["briancon-hyper-centre categorie:incivilites 8,9,10"],
            HotspotDetector.Detect(Issues, Today, Settings, [open], []).Select(Describe));
        Assert.Equal(3, HotspotDetector.Detect(Issues, Today, Settings, [closed], []).Count);
    }

    [Fact]
    public void After_ignorer_the_group_returns_only_with_a_materially_new_series()
    {
        var site = HotspotDetector.Detect(Issues, Today, Settings, [], []).Single(g => g.Kind == HotspotKind.Site);
        var dismissed = new HotspotMark(Sector, site.Key, HotspotMarkKind.Dismissed, [.. site.Issues.Select(i => i.Number)], Referent, At(2026, 3, 28));

        Assert.DoesNotContain(HotspotDetector.Detect(Issues, Today, Settings, [], [dismissed]), g => g.Key == site.Key);

        // Two more issues the next week: 5 in the group, 2 unseen — still the dismissed series.
        IssueFacts[] later = [.. Issues, Facts(20, new(2026, 3, 30)), Facts(21, new(2026, 3, 31))];
        Assert.DoesNotContain(HotspotDetector.Detect(later, new DateOnly(2026, 3, 31), Settings, [], [dismissed]), g => g.Key == site.Key);

        // A third new one: three issues the dismissal never saw (1 March has left the window by now).
        IssueFacts[] larger = [.. later, Facts(22, new(2026, 4, 1))];
        var back = HotspotDetector.Detect(larger, new DateOnly(2026, 4, 1), Settings, [], [dismissed]).Single(g => g.Key == site.Key);
        Assert.Equal([3, 4, 20, 21, 22], back.Issues.Select(i => i.Number.Sequence));
        // The dismissal is per sector: the same key in another sector is not affected.
        Assert.Contains(HotspotDetector.Detect(Issues, Today, Settings, [], [dismissed with { SectorId = Briancon }]), g => g.Key == site.Key);
    }

    [Fact]
    public void Once_suggested_a_group_returns_only_with_a_new_issue()
    {
        var site = HotspotDetector.Detect(Issues, Today, Settings, [], []).Single(g => g.Kind == HotspotKind.Site);
        var suggested = new HotspotMark(Sector, site.Key, HotspotMarkKind.Suggested, [.. site.Issues.Select(i => i.Number)], "bot", At(2026, 3, 28));

        Assert.DoesNotContain(HotspotDetector.Detect(Issues, Today, Settings, [], [suggested]), g => g.Key == site.Key);
        Assert.Contains(HotspotDetector.Detect([.. Issues, Facts(20, new(2026, 3, 28))], Today, Settings, [], [suggested]), g => g.Key == site.Key);
    }

    [Fact]
    public void Group_keys_name_the_kind_and_value()
    {
        Assert.Equal("site:gap-rue-carnot", HotspotGroup.KeyOf(HotspotKind.Site, RueCarnot));
        Assert.Equal("categorie:vols", HotspotGroup.KeyOf(HotspotKind.Category, "vols"));
        Assert.Equal(IssueStatus.New, Issues[0].Status);
    }
}

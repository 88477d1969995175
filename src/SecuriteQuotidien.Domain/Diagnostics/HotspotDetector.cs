using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Diagnostics;

public enum HotspotKind
{
    /// <summary>Same sector and same known site.</summary>
    Site,
    /// <summary>Same sector and same category.</summary>
    Category,
}

/// <summary>
/// A candidate for a diagnostic: at least the configured number of issues of one sector on one site
/// (or of one category) within the window. <see cref="Key"/> ("site:gap-rue-carnot", "categorie:vols")
/// names the group for marks; it does not include the window, which slides every day.
/// </summary>
public sealed record HotspotGroup(string SectorId, HotspotKind Kind, string Value, DateOnly WindowStart, DateOnly WindowEnd,
    IReadOnlyList<IssueFacts> Issues)
{
    public string Key => KeyOf(Kind, Value);

    public static string KeyOf(HotspotKind kind, string value) => (kind == HotspotKind.Site ? "site:" : "categorie:") + value;
}

public enum HotspotMarkKind
{
    /// <summary>The suggestion card was posted for these issues.</summary>
    Suggested,
    /// <summary>"Ignorer" was clicked on a suggestion of these issues.</summary>
    Dismissed,
}

/// <summary>What was done with a group's suggestion, and the issues it covered then.</summary>
public sealed record HotspotMark(string SectorId, string GroupKey, HotspotMarkKind Kind, IReadOnlyList<IssueNumber> IssueNumbers,
    string ActorObjectId, DateTimeOffset At);

/// <summary>
/// Finds groups of related recent issues that deserve a diagnostic.
/// <list type="bullet">
/// <item>An issue counts when its local creation date is within the <see cref="HotspotSettings.WindowDays"/> days ending today (included).</item>
/// <item>Groups: same sector and same known site; same sector and same category. A category group with exactly the
/// issues of a site group is left out (the site group says it better).</item>
/// <item>A group is covered, so not suggested, when an open diagnostic of the sector links an issue of the same site
/// (site group) or of the same category (category group).</item>
/// <item>After "Ignorer", the group comes back only when it holds at least <see cref="HotspotSettings.MinIssues"/> issues the
/// dismissal did not cover: a materially new series, not one more issue of the dismissed one.</item>
/// <item>Once suggested, the group comes back only when it holds an issue the suggestion did not list (the card can then be refreshed).</item>
/// </list>
/// </summary>
public static class HotspotDetector
{
    public static IReadOnlyList<HotspotGroup> Detect(IEnumerable<IssueFacts> issues, DateOnly today, HotspotSettings settings,
        IEnumerable<Diagnostic> openDiagnostics, IEnumerable<HotspotMark> marks)
    {
        ArgumentNullException.ThrowIfNull(issues);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MinIssues, 2, nameof(settings.MinIssues));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.WindowDays, 1, nameof(settings.WindowDays));
        var windowStart = today.AddDays(-(settings.WindowDays - 1));
        var recent = issues.Where(i => i.CreatedOn >= windowStart && i.CreatedOn <= today).DistinctBy(i => i.Number).ToList();
        var open = (openDiagnostics ?? []).Where(d => d.IsOpen).ToList();
        var marksByGroup = (marks ?? []).ToLookup(m => (m.SectorId, m.GroupKey));

        HotspotGroup Group(IGrouping<(string SectorId, string Value), IssueFacts> g, HotspotKind kind) =>
            new(g.Key.SectorId, kind, g.Key.Value, windowStart, today, [.. g.OrderBy(i => i.CreatedOn).ThenBy(i => i.Number)]);

        var siteGroups = settings.BySite
            ? recent.Where(i => i.SiteId is not null).GroupBy(i => (i.SectorId, Value: i.SiteId!)).Select(g => Group(g, HotspotKind.Site)).ToList()
            : [];
        var categoryGroups = settings.ByCategory
            ? recent.GroupBy(i => (i.SectorId, Value: i.CategoryId)).Select(g => Group(g, HotspotKind.Category)).ToList()
            : [];

        bool LargeEnough(HotspotGroup g) => g.Issues.Count >= settings.MinIssues;
        bool SameAsASiteGroup(HotspotGroup g) => siteGroups.Any(s => LargeEnough(s) && s.SectorId == g.SectorId
            && s.Issues.Select(i => i.Number).ToHashSet().SetEquals(g.Issues.Select(i => i.Number)));

        return [.. siteGroups.Concat(categoryGroups.Where(g => !SameAsASiteGroup(g)))
            .Where(LargeEnough)
            .Where(g => !IsCovered(g, open))
            .Where(g => !IsMarked(g, marksByGroup[(g.SectorId, g.Key)], settings.MinIssues))
            .OrderByDescending(g => g.Issues.Count)
            .ThenBy(g => g.SectorId, StringComparer.Ordinal)
            .ThenBy(g => g.Key, StringComparer.Ordinal)];
    }

    private static bool IsCovered(HotspotGroup group, IEnumerable<Diagnostic> openDiagnostics) =>
        openDiagnostics.Where(d => d.SectorId == group.SectorId).SelectMany(d => d.LinkedIssues).Any(linked => group.Kind == HotspotKind.Site
            ? string.Equals(linked.SiteId, group.Value, StringComparison.Ordinal)
            : string.Equals(linked.CategoryId, group.Value, StringComparison.Ordinal));

    private static bool IsMarked(HotspotGroup group, IEnumerable<HotspotMark> marks, int minIssues)
    {
        foreach (var mark in marks)
        {
            var seen = mark.IssueNumbers.ToHashSet();
            var unseen = group.Issues.Count(i => !seen.Contains(i.Number));
            var suppressed = mark.Kind == HotspotMarkKind.Dismissed ? unseen < minIssues : unseen == 0;
            if (suppressed)
            {
                return true;
            }
        }
        return false;
    }
}

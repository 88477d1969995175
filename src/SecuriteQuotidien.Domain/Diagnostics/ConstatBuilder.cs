using System.Globalization;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;

namespace SecuriteQuotidien.Domain.Diagnostics;

/// <summary>
/// The pre-filled "constat" of a new diagnostic: facts and figures of the linked issues. The constat is
/// shared with partners, so it is built from the partner-visible issues only and never mentions the others.
/// </summary>
public static class ConstatBuilder
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>
    /// E.g. "3 signalements du 2 mars 2026 au 20 mars 2026.\nPar catégorie : Incivilités (2), Vols et cambriolages (1).\n
    /// Par lieu : Rue Carnot (2), adresse libre (1).\nÉtat au 25 mars 2026 : 2 en cours dont 1 en retard, 1 clos."
    /// </summary>
    public static string Build(IEnumerable<IssueFacts> linkedIssues, DateOnly today, IDirectory directory, PartnerConfidentiality confidentiality)
    {
        ArgumentNullException.ThrowIfNull(linkedIssues);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(confidentiality);
        var issues = linkedIssues.Where(confidentiality.IsVisibleToPartners).DistinctBy(i => i.Number).ToList();
        if (issues.Count == 0)
        {
            return "";
        }
        var first = issues.Min(i => i.CreatedOn);
        var last = issues.Max(i => i.CreatedOn);
        var when = first == last ? $"le {FrenchDateFormat.Long(first)}" : $"du {FrenchDateFormat.Long(first)} au {FrenchDateFormat.Long(last)}";
        var open = issues.Count(i => i.IsOpen);
        var overdue = issues.Count(i => i.IsOverdue(today));
        var closed = issues.Count - open;
        var state = new List<string>();
        if (open > 0)
        {
            state.Add(overdue > 0 ? $"{Count(open)} en cours dont {Count(overdue)} en retard" : $"{Count(open)} en cours");
        }
        if (closed > 0)
        {
            state.Add($"{Count(closed)} clos");
        }
        return string.Join("\n",
            $"{Count(issues.Count)} {(issues.Count == 1 ? "signalement" : "signalements")} {when}.",
            "Par catégorie : " + Tally(issues, i => directory.FindCategory(i.CategoryId)?.Label ?? i.CategoryId) + ".",
            "Par lieu : " + Tally(issues, i => i.SiteId is null ? "adresse libre" : directory.FindSite(i.SiteId)?.Name ?? i.SiteId) + ".",
            $"État au {FrenchDateFormat.Long(today)} : {string.Join(", ", state)}.");
    }

    // Most frequent first, then alphabetical: "Rue Carnot (2), adresse libre (1)".
    private static string Tally(IEnumerable<IssueFacts> issues, Func<IssueFacts, string> label) =>
        string.Join(", ", issues.GroupBy(label)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Create(French, CompareOptions.IgnoreCase))
            .Select(g => $"{g.Key} ({Count(g.Count())})"));

    private static string Count(int n) => n.ToString(French);
}

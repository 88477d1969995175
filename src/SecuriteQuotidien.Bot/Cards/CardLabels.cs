using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Cards;

/// <summary>How the cards name an issue's place and its days left, the same on the police's and the partner's cards.</summary>
public static class CardLabels
{
    /// <summary>The known site's name or the free address, then the detail: "Résidence Les Cèdres — hall B".</summary>
    public static string PlaceOf(IssueReport issue, IDirectory directory)
    {
        var place = issue.Site.SiteId is { } siteId ? directory.FindSite(siteId)?.Name ?? siteId : issue.Site.FreeAddress ?? "";
        return string.IsNullOrWhiteSpace(issue.Site.Detail) ? place : $"{place} — {issue.Site.Detail}";
    }

    /// <summary>"dans 3 jours", "demain", "aujourd'hui", "en retard d'1 jour", "en retard de 4 jours".</summary>
    public static string DaysLeft(int daysLeft) => daysLeft switch
    {
        > 1 => $"dans {daysLeft} jours",
        1 => "demain",
        0 => "aujourd'hui",
        -1 => "en retard d'1 jour",
        _ => $"en retard de {-daysLeft} jours",
    };
}

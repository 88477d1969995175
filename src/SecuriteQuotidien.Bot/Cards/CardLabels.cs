using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;

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

    /// <summary>The short name of a timeline event, as the issue card's timeline and the police's lists show it.</summary>
    public static string EventLabel(IssueEventKind kind) => kind switch
    {
        IssueEventKind.Created => "Signalement créé",
        IssueEventKind.Acknowledged => "Pris en compte",
        IssueEventKind.ResponseEngaged => "Réponse ciblée",
        IssueEventKind.FollowUpStarted => "Suivi",
        IssueEventKind.Closed => "Clôturé",
        IssueEventKind.Reopened => "Rouvert",
        IssueEventKind.Paused => "Suspendu",
        IssueEventKind.Resumed => "Repris",
        IssueEventKind.ThreadPosted => "Publié",
        IssueEventKind.NoteAdded => "Note police",
        IssueEventKind.PartnerFeedback => "Avis du partenaire",
        IssueEventKind.ReminderSent => "Relance",
        IssueEventKind.Transferred => "Transféré",
        IssueEventKind.ClarificationRequested => "Précision demandée",
        IssueEventKind.ClarificationAnswered => "Précision du partenaire",
        _ => kind.ToString(),
    };

    /// <summary>"3 jours restants", "1 jour restant", "échéance aujourd'hui", "1 jour de retard", "4 jours de retard".</summary>
    public static string DaysRemaining(int daysLeft) => daysLeft switch
    {
        > 0 => FrenchText.Count(daysLeft, "jour restant"),
        0 => "échéance aujourd'hui",
        _ => FrenchText.Count(-daysLeft, "jour de retard", "jours de retard"),
    };
}

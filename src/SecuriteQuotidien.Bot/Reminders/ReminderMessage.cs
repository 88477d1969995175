using System.Globalization;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;

namespace SecuriteQuotidien.Bot.Reminders;

/// <summary>
/// The reminder posted in the issue's thread: a small card whose sentence says where the issue stands
/// against its deadline, and which @mentions the referent (and the deputy) by Entra object id through
/// <c>msteams.entities</c>, the mention form Teams documents for cards.
/// </summary>
public static class ReminderMessage
{
    public static Activity Build(Issue issue, PlannedReminder reminder, DeadlineStatus status, IDirectory directory, bool mentionDeputy)
    {
        var card = Card(issue, reminder, status, directory, mentionDeputy);
        return card.ToMessage(summary: Sentence(issue, reminder, status, directory));
    }

    public static AdaptiveCard Card(Issue issue, PlannedReminder reminder, DeadlineStatus status, IDirectory directory, bool mentionDeputy)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(directory);
        var sentence = Sentence(issue, reminder, status, directory);
        var card = new AdaptiveCard
        {
            // The sentence may hold a free address typed by the partner: shown literally.
            Body = [CardText.Literal(sentence)],
            FallbackText = sentence,
        };
        return SectorMentions.Add(card, directory.FindSector(issue.SectorId), directory, mentionDeputy);
    }

    /// <summary>
    /// "Relance J+15 — signalement 05-2026-0042 (Incivilités, Résidence Les Cèdres) : réponse ciblée
    /// attendue d'ici le 27 décembre 2026 (dans 15 jours)." / "Échéance aujourd'hui — …" / "En retard de 7 jours — …".
    /// </summary>
    public static string Sentence(Issue issue, PlannedReminder reminder, DeadlineStatus status, IDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        ArgumentNullException.ThrowIfNull(status);
        var subject = $"signalement {issue.Number} ({CategoryOf(issue, directory)}, {PlaceOf(issue, directory)})";
        var deadline = FrenchDateFormat.Long(status.Deadline);
        if (status.IsOverdue)
        {
            return $"En retard de {Days(status.DaysOverdue)} — {subject} : réponse ciblée attendue, échéance du {deadline} dépassée.";
        }
        if (status.DaysLeft == 0)
        {
            return $"Échéance aujourd'hui — {subject} : réponse ciblée attendue aujourd'hui, {deadline}.";
        }
        var title = reminder.Kind == ReminderKind.Deadline
            ? $"Échéance J+{reminder.OffsetDays}"
            : $"Relance J+{reminder.OffsetDays}";
        return $"{title} — {subject} : réponse ciblée attendue {FrenchDateFormat.ByDate(status.Deadline)} (dans {Days(status.DaysLeft)}).";
    }

    internal static string Days(int count) =>
        count.ToString(CultureInfo.InvariantCulture) + (count > 1 ? " jours" : " jour");

    internal static string CategoryOf(Issue issue, IDirectory directory) =>
        directory.FindCategory(issue.CategoryId)?.Label ?? issue.CategoryId;

    internal static string PlaceOf(Issue issue, IDirectory directory) =>
        (issue.Site.SiteId is { } siteId ? directory.FindSite(siteId)?.Name : null)
        ?? CardText.Clean(issue.Site.FreeAddress, maxLength: 120);
}

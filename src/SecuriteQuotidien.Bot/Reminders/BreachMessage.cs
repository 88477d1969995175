using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;

namespace SecuriteQuotidien.Bot.Reminders;

/// <summary>
/// The message telling the commissioner, in his personal chat only, that an issue missed its deadline: who is in
/// charge, which issue, site, category and how many days late. Police-only: never posted in a channel.
/// </summary>
public static class BreachMessage
{
    public static Activity Build(Issue issue, DeadlineStatus status, IDirectory directory)
    {
        var sentence = Sentence(issue, status, directory);
        var card = new AdaptiveCard
        {
            // The sentence may hold a free address typed by the partner: shown literally.
            Body = [CardText.Literal(sentence)],
            FallbackText = sentence,
        };
        return card.ToMessage(summary: sentence);
    }

    /// <summary>
    /// "Délai dépassé — signalement 05-2026-0042 (Incivilités, Rue Carnot), secteur Gap hyper-centre, référent
    /// Jean Dupont : pas de réponse ciblée, échéance du 1er avril 2026 dépassée de 1 jour."
    /// </summary>
    public static string Sentence(Issue issue, DeadlineStatus status, IDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(directory);
        var sector = directory.FindSector(issue.SectorId);
        var referent = sector is null ? null : directory.FindStaff(sector.ReferentObjectId)?.DisplayName;
        var inCharge = $"secteur {sector?.Name ?? issue.SectorId}" + (referent is null ? "" : $", référent {referent}");
        return $"Délai dépassé — signalement {issue.Number} ({ReminderMessage.CategoryOf(issue, directory)}, {ReminderMessage.PlaceOf(issue, directory)}), "
            + $"{inCharge} : pas de réponse ciblée, échéance du {FrenchDateFormat.Long(status.Deadline)} dépassée de {ReminderMessage.Days(status.DaysOverdue)}.";
    }
}

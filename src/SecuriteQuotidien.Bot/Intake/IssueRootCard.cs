using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Intake;

/// <summary>
/// The root card of an issue's thread in its sector channel: what, where, by when, and the referent
/// @mentioned so Teams notifies them. Partner text is shown literally (no Markdown, no mention).
/// </summary>
public static class IssueRootCard
{
    public static AdaptiveCard Build(Issue issue, IDirectory directory, DateOnly today)
    {
        var sector = directory.FindSector(issue.SectorId);
        var category = directory.FindCategory(issue.CategoryId);
        var subCategory = category?.SubCategories.FirstOrDefault(s => s.Id == issue.SubCategoryId);
        var referent = sector is null ? null : directory.FindStaff(sector.ReferentObjectId);
        var reporter = directory.FindPartner(issue.Reporter.ObjectId);
        var daysLeft = issue.Deadline.DayNumber - today.DayNumber;

        var body = new List<CardElement>
        {
            new TextBlock($"Nouveau signalement {issue.Number}") { Size = "Large", Weight = "Bolder" },
        };
        CardMention? mention = null;
        if (referent is not null)
        {
            var tag = $"<at>{referent.DisplayName}</at>";
            mention = new CardMention { Text = tag, Mentioned = new CardMentioned { Id = referent.ObjectId, Name = referent.DisplayName } };
            body.Add(new TextBlock($"{tag}, ce signalement de votre secteur attend une réponse ciblée."));
        }
        body.Add(new FactSet
        {
            Facts =
            [
                new Fact("Secteur", sector?.Name ?? issue.SectorId),
                new Fact("Type", subCategory is null ? category?.Label ?? issue.CategoryId : $"{category!.Label} — {subCategory.Label}"),
                new Fact("Dernière fois", $"{FrenchDateFormat.Long(issue.LastOccurrence)}, {issue.TimeOfDay.ToFrench().ToLowerInvariant()}"),
                new Fact("Fréquence", issue.Frequency.ToFrench()),
                new Fact("Signalé par", reporter?.Organisation.Name ?? "Partenaire"),
                new Fact("Échéance", $"{FrenchDateFormat.Long(issue.Deadline)} ({DaysLeftLabel(daysLeft)})"),
            ],
        });
        body.Add(new TextBlock("Lieu") { Weight = "Bolder", Spacing = "Medium" });
        body.Add(CardText.Literal(PlaceOf(issue, directory)));
        body.Add(new TextBlock("Ce qui se passe") { Weight = "Bolder", Spacing = "Medium" });
        body.Add(CardText.Literal(issue.Description));
        if (!string.IsNullOrWhiteSpace(issue.Effect))
        {
            body.Add(new TextBlock("Conséquences") { Weight = "Bolder", Spacing = "Medium" });
            body.Add(CardText.Literal(issue.Effect));
        }
        return new AdaptiveCard
        {
            FallbackText = $"Nouveau signalement {issue.Number}",
            Body = body,
            MsTeams = new TeamsCardProperties { Width = "Full", Entities = mention is null ? null : [mention] },
        };
    }

    public static string PlaceOf(IssueReport issue, IDirectory directory)
    {
        var place = issue.Site.SiteId is { } siteId ? directory.FindSite(siteId)?.Name ?? siteId : issue.Site.FreeAddress ?? "";
        return string.IsNullOrWhiteSpace(issue.Site.Detail) ? place : $"{place} — {issue.Site.Detail}";
    }

    public static string DaysLeftLabel(int daysLeft) => daysLeft switch
    {
        > 1 => $"dans {daysLeft} jours",
        1 => "demain",
        0 => "aujourd'hui",
        -1 => "en retard d'1 jour",
        _ => $"en retard de {-daysLeft} jours",
    };
}

using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Help;
using SecuriteQuotidien.Bot.Intake;
using SecuriteQuotidien.Bot.IssueCard;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Departments;
using SecuriteQuotidien.Bot.Welcome;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests;

/// <summary>Every card the bot can send parses in the official `adaptivecards` parser at version 1.5.</summary>
public sealed class CardCatalogTests
{
    /// <summary>One sample of every card variant; features add theirs here.</summary>
    public static IReadOnlyDictionary<string, AdaptiveCard> AllCards()
    {
        var commands = CommandTable.LoadEmbedded();
        var directory = DepartmentFileLoader.LoadAsync(RepoPaths.Combine("departments", "hautes-alpes.json"), CancellationToken.None).GetAwaiter().GetResult();
        var partner = directory.FindPartner(DemoPeople.Ines)!;
        var sectors = partner.SectorIds.Select(id => directory.FindSector(id)!).ToList();
        var today = new DateOnly(2026, 11, 28);
        var form = new IntakeForm
        {
            DraftId = Guid.Empty.ToString(),
            Sector = "gap-hyper-centre",
            Category = "incivilites/tapage",
            Site = IntakeForm.OtherSite,
            Address = "12 rue de France <at>x</at>",
            Detail = "**hall**",
            Date = "2026-11-27",
            TimeOfDay = "nuit",
            Frequency = "tous-les-jours",
            Description = "Du bruit toutes les nuits [lien](http://x) <b>gras</b>",
            Effect = "Les habitants ne dorment plus.",
        };
        var allErrors = new Dictionary<string, string>
        {
            [IntakeForm.Fields.DraftId] = "Ce formulaire est incomplet.",
            [IntakeForm.Fields.Sector] = "Choisissez le secteur concerné.",
            [IntakeForm.Fields.Category] = "Choisissez le type de problème.",
            [IntakeForm.Fields.Site] = "Choisissez un lieu.",
            [IntakeForm.Fields.Address] = "Indiquez l'adresse du problème.",
            [IntakeForm.Fields.Detail] = "Trop long.",
            [IntakeForm.Fields.Date] = "Cette date est dans le futur.",
            [IntakeForm.Fields.TimeOfDay] = "Choisissez le moment de la journée.",
            [IntakeForm.Fields.Frequency] = "Choisissez la fréquence.",
            [IntakeForm.Fields.Description] = "Trop court.",
            [IntakeForm.Fields.Effect] = "Trop long.",
        };
        var labels = new IntakeLabels("Gap – hyper-centre", "Incivilités — Tapage", "12 rue de France — hall", "27 novembre 2026", "Nuit", "Tous les jours");
        var issue = Issue.Open(new IntakeValidator(directory).ToDraft(form, directory.FindPartner(DemoPeople.Camille)!),
            IssueNumber.Parse("05-2026-0042"), new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero), new DateOnly(2026, 12, 28)).Issue;
        return new Dictionary<string, AdaptiveCard>
        {
            ["intake-danger"] = IntakeCards.DangerQuestion(Guid.Empty.ToString()),
            ["intake-emergency"] = IntakeCards.Emergency(),
            ["intake-place"] = IntakeCards.PlaceStep(new IntakeForm { DraftId = form.DraftId }, sectors, directory.Categories, directory.SitesOf, new Dictionary<string, string>()),
            ["intake-place-errors"] = IntakeCards.PlaceStep(form, sectors, directory.Categories, directory.SitesOf, allErrors),
            ["intake-facts"] = IntakeCards.FactsStep(form, today, new Dictionary<string, string>()),
            ["intake-facts-errors"] = IntakeCards.FactsStep(form, today, allErrors),
            ["intake-summary"] = IntakeCards.Summary(form, labels),
            ["intake-summary-personal-data"] = IntakeCards.Summary(form, labels, privacyWarning: "Votre texte semble contenir un nom de personne (« M. <at>Dupont</at> »)."),
            ["intake-summary-unavailable"] = IntakeCards.Summary(form, labels, "Le service est momentanément indisponible."),
            ["intake-confirmation"] = IntakeCards.Confirmation(issue, "Gap – hyper-centre", "Incivilités — Tapage", alreadySent: false),
            ["intake-confirmation-again"] = IntakeCards.Confirmation(issue, "Gap – hyper-centre", "Incivilités — Tapage", alreadySent: true),
            ["intake-not-a-partner"] = IntakeCards.NotAPartner(),
            ["intake-stale"] = IntakeCards.Stale(),
            ["issue-root"] = IssueRootCard.Build(issue, directory, today),
            ["issue-root-overdue"] = IssueRootCard.Build(issue, directory, today.AddDays(45)),
            ["welcome-personal"] = WelcomeCard.Personal("Camille <at>Roux</at> **gras**"),
            ["welcome-personal-anonymous"] = WelcomeCard.Personal(null),
            ["welcome-team"] = WelcomeCard.Team(),
            ["help-personal"] = HelpCard.Build(commands, "personal"),
            ["help-team"] = HelpCard.Build(commands, "team"),
        };
    }

    [Fact]
    public async Task Every_card_parses_at_version_1_5()
    {
        var cards = AllCards();
        var verdicts = await CardValidator.ValidateAsync(cards.ToDictionary(c => c.Key, c => c.Value.ToJson()));
        Assert.All(verdicts, v => Assert.True(v.Ok, $"{v.File}: {string.Join("; ", v.Errors)}"));
        Assert.All(cards.Values, c => Assert.Equal("1.5", c.Version));
    }

    [Fact]
    public async Task The_validator_rejects_a_card_above_1_5_and_an_unknown_element()
    {
        var verdicts = await CardValidator.ValidateAsync(new Dictionary<string, string>
        {
            ["too-new"] = """{"type":"AdaptiveCard","version":"1.6","body":[{"type":"TextBlock","text":"x"}]}""",
            ["unknown-element"] = """{"type":"AdaptiveCard","version":"1.5","body":[{"type":"Carousel"}]}""",
        });
        Assert.All(verdicts, v => Assert.False(v.Ok));
        Assert.Contains(verdicts, v => v.Errors.Any(e => e.Contains("above 1.5", StringComparison.Ordinal)));
    }

    [Fact]
    public void User_text_is_shown_literally_never_as_a_mention()
    {
        var json = WelcomeCard.Personal("Camille <at>Roux</at>").ToJson();
        Assert.DoesNotContain("<at>", json, StringComparison.Ordinal);
        Assert.Contains("TextRun", json, StringComparison.Ordinal);
    }
}

using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Help;
using SecuriteQuotidien.Bot.Intake;
using SecuriteQuotidien.Bot.IssueCard;
using SecuriteQuotidien.Bot.Tests.Diagnostics;
using SecuriteQuotidien.Bot.Tests.Reminders;
using SecuriteQuotidien.Bot.Tests.Status;
using SecuriteQuotidien.Bot.Worklist;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Departments;
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
        WelcomeReader Reader(string objectId) =>
            WelcomeReader.For(directory.RolesOf(objectId), commands, _ => true, directory, "l'administrateur (Marc Giraud)", localDemo: false);
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
            ["issue-root-restricted-shared"] = IssueRootCard.Build(issue, directory, today, new RootCardDetails { DetailsWithheld = true }),
            ["welcome-personal"] = WelcomeCard.Personal("Camille <at>Roux</at> **gras**", Reader(DemoPeople.Camille)),
            ["welcome-personal-anonymous"] = WelcomeCard.Personal(null, Reader(DemoPeople.Camille)),
            ["welcome-referent"] = WelcomeCard.Personal("Lieutenant Julien Arnaud", Reader(DemoPeople.Julien)),
            ["welcome-commissioner"] = WelcomeCard.Personal("Commissaire Hélène Faure", Reader(DemoPeople.Commissioner)),
            ["welcome-administrator"] = WelcomeCard.Personal("Marc Giraud", Reader(DemoPeople.Administrator)),
            ["welcome-unknown"] = WelcomeCard.Personal("Quelqu'un", Reader(DemoPeople.Stranger)),
            ["welcome-team"] = WelcomeCard.Team(),
            ["worklist"] = WorklistCards.List(WorkItems(issue, today), 0, WorklistFilter.None,
                [.. directory.Sectors.Where(s => s.Id is "gap-hyper-centre" or "gap-forte-densite")], directory, today),
            ["worklist-page-2-late"] = WorklistCards.List(WorkItems(issue, today), 1, new WorklistFilter(WorklistFilter.Late, null),
                [directory.Sectors[0]], directory, today),
            ["worklist-empty"] = WorklistCards.List([], 0, WorklistFilter.None, [directory.Sectors[0]], directory, today),
            ["worklist-search"] = WorklistCards.SearchResults("hall cèdres", WorkItems(issue, today).Take(3).ToList(), 4, 90, directory, today),
            ["help-personal"] = HelpCard.Build(commands, "personal"),
            ["help-team"] = HelpCard.Build(commands, "team"),
        };
    }

    /// <summary>
    /// The whole catalog: the cards above, the diagnostics and meetings cards, the status cards and the
    /// reminders, each under a unique name.
    /// </summary>
    public static IReadOnlyDictionary<string, AdaptiveCard> Everything()
    {
        var all = new Dictionary<string, AdaptiveCard>(AllCards());
        foreach (var (name, card) in DiagnosticCardCatalogTests.AllCards())
        {
            all.Add("diagnostics-" + name, card);
        }
        foreach (var (name, card) in StatusCardsTests.AllVariants().Concat(ReminderMessageTests.AllCards()))
        {
            all.Add(name, card);
        }
        return all;
    }

    /// <summary>
    /// Every card of the catalog rendered as Teams would (scripts/render-cards.js: the official renderer in
    /// headless Chromium) at the desktop and phone widths; the PNGs stay in TestResults/cards for a person to
    /// look at. Nothing may be wider than the card, no text cut, every image loaded.
    /// </summary>
    [SkippableFact]
    public async Task Every_card_renders_within_the_card_at_desktop_and_phone_widths()
    {
        var cards = Everything();
        var result = await CardRenderer.RenderAsync(cards.ToDictionary(c => c.Key, c => c.Value.ToJson()), RepoPaths.Combine("TestResults", "cards"));
        Skip.If(result.Skipped is not null, result.Skipped + " The card renderings were not made; scripts/test.sh installs Chromium.");

        Assert.Equal(cards.Count * CardRenderer.Widths.Length, result.Renderings.Count);
        var problems = result.Renderings.Where(r => !r.Ok).Select(r => $"{r.Name} at {r.Width} px: {string.Join("; ", r.Problems)}").ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.All(result.Renderings, r => Assert.True(File.Exists(RepoPaths.Combine("TestResults", "cards", $"{r.Name}-{r.Width}.png")), r.Name));
        // The status charts' text as shown: at least 11 px, on the desktop and on a phone.
        var charts = result.Renderings.Where(r => r.Name == "status-summary").ToList();
        Assert.All(charts, r => Assert.Equal(2, r.Images.Count));
        Assert.All(charts.SelectMany(r => r.Images.Select(i => (r.Width, Shown: SecuriteQuotidien.Bot.Status.StatusChart.FontSize * i.Displayed / i.Natural))),
            c => Assert.True(c.Shown >= 11, $"chart text shown at {c.Shown:0.0} px in a {c.Width} px card"));
    }

    /// <summary>Twelve lines of « mes dossiers »: late, due today, days left, a response engaged, a paused one, a last event each.</summary>
    private static List<WorkItem> WorkItems(Issue issue, DateOnly today)
    {
        var at = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
        return [.. Enumerable.Range(0, 12).Select(i => new WorkItem(
            issue with { Number = new IssueNumber("05", 2026, 40 + i), Status = i == 11 ? IssueStatus.ResponseEngaged : i % 3 == 0 ? IssueStatus.Acknowledged : IssueStatus.New,
                PausedAt = i == 7 ? at : null },
            i == 11 ? null : i - 2,
            i % 2 == 0 ? new IssueEvent { IssueNumber = issue.Number, Id = "e" + i, Kind = IssueEventKind.Acknowledged, ActorObjectId = "x", OccurredAt = at,
                Visibility = EventVisibility.PartnerVisible } : null))];
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
    public void Every_card_of_the_catalog_agrees_counts_in_number_and_writes_dates_in_french()
    {
        var problems = CardWording.ProblemsOf(Everything());
        Assert.True(problems.Length == 0, problems);
    }

    [Theory]
    [InlineData("1 ouverts, dont 0 en retard")]
    [InlineData("0 jours de retard")]
    [InlineData("1 signalements")]
    [InlineData("2 signalement en retard")]
    [InlineData("**3** nouveau signalement")]
    [InlineData("1,5 jours")]
    [InlineData("12\u202f000 signalement")]
    [InlineData("Échéance le 2026-11-28")]
    [InlineData("le 28 November 2026")]
    [InlineData("depuis le 1 janvier 2026")]
    [InlineData("le 28 Novembre 2026")]
    [InlineData("à 9:30 AM")]
    public void The_wording_rules_reject_wrong_agreement_and_foreign_dates(string text)
    {
        Assert.NotEmpty(CardWording.Problems(System.Text.RegularExpressions.Regex.Unescape(text)));
    }

    [Theory]
    [InlineData("1 ouvert, dont 0 en retard · 0 identifié · 2 signalements · 1,5 jour · 2,5 jours")]
    [InlineData("05-2026-0042 · 12 jours de retard · échéance le 1er janvier 2027 · du 16 au 22 novembre 2026")]
    [InlineData("16 % (6 sur 38) · 12\u202f000 signalements · 11 janvier · 21 mars")]
    public void The_wording_rules_accept_correct_french(string text)
    {
        Assert.Empty(CardWording.Problems(System.Text.RegularExpressions.Regex.Unescape(text)));
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
    public async Task User_text_is_shown_literally_never_as_a_mention()
    {
        var directory = await DepartmentFileLoader.LoadAsync(RepoPaths.Combine("departments", "hautes-alpes.json"), CancellationToken.None);
        var json = WelcomeCard.Personal("Camille <at>Roux</at>", WelcomeReader.For(directory.RolesOf(DemoPeople.Camille), CommandTable.LoadEmbedded(), _ => true,
            directory, "l'administrateur", localDemo: false)).ToJson();
        Assert.DoesNotContain("<at>", json, StringComparison.Ordinal);
        Assert.Contains("TextRun", json, StringComparison.Ordinal);
    }
}

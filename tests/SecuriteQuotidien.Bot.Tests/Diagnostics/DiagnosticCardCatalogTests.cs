using SecuriteQuotidien.Bot.Diagnostics;
using SecuriteQuotidien.Bot.Meetings;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Departments;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Diagnostics;

/// <summary>Every card variant of the diagnostics feature parses in the official `adaptivecards` parser at 1.5.</summary>
public sealed class DiagnosticCardCatalogTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public static IReadOnlyDictionary<string, AdaptiveCard> AllCards()
    {
        var directory = DepartmentFileLoader.LoadAsync(RepoPaths.Combine("departments", "hautes-alpes.json"), CancellationToken.None).GetAwaiter().GetResult();
        var sector = directory.FindSector("gap-hyper-centre")!;
        var referent = new DiagnosticActor(DemoPeople.Julien, directory.RolesOf(DemoPeople.Julien));
        var camille = new DiagnosticActor(DemoPeople.Camille, directory.RolesOf(DemoPeople.Camille));
        var issue = new LinkedIssue(IssueNumber.Parse("05-2026-0042"), "occupation-parties-communes", "gap-residence-les-cedres-hall-a");
        var d = Diagnostic.Open(new DiagnosticNumber("05", 2026, 7), sector.Id, "Hall A <at>x</at> **gras**", [issue],
            new DiagnosticTemplate("3 signalements.", "Éclairage en panne.", "Syndic, bailleur"), referent, Now.AddDays(-30)).Diagnostic;
        d = d.AddAction(referent, d.Version, Now, "Changer la serrure", "residence-les-cedres", Today.AddDays(-2)).Diagnostic;
        d = d.AddAction(referent, d.Version, Now, "Patrouilles", DiagnosticAction.PoliceOwner, Today.AddDays(5)).Diagnostic;
        d = d.MarkActionDone(camille, d.Version, Now, "A1", "Fait <b>hier</b>").Diagnostic;
        d = d.AddPoliceNote(referent, d.Version, Now, "Note interne").Diagnostic;
        var survey = directory.Diagnostics.EvaluationMethods.First(m => m.Kind == EvaluationMethodKind.PartnerSurvey);
        d = d.ChooseEvaluation(referent, d.Version, Now, survey).Diagnostic;
        var beforeAfter = directory.Diagnostics.EvaluationMethods.First(m => m.Kind == EvaluationMethodKind.BeforeAfter);
        var facts = new[] { new IssueFacts { Number = issue.Number, SectorId = sector.Id, CategoryId = issue.CategoryId, SiteId = issue.SiteId,
            CreatedOn = Today.AddDays(-40), Status = IssueStatus.New, Deadline = Today.AddDays(-10) } };
        var evaluation = EvaluationCalculator.Compute(d, beforeAfter, new EvaluationInputs { Today = Today, TimeZone = directory.TimeZone, SectorIssues = facts });
        var view = PartnerView.Of(d, new PartnerConfidentiality(directory));
        var lines = new[] { new IssueLine(issue.Number, "05-2026-0042 — Occupation — Hall A") };
        var group = new HotspotGroup(sector.Id, HotspotKind.Site, "gap-residence-les-cedres-hall-a", Today.AddDays(-27), Today, facts);
        var agenda = MeetingAgendaBuilder.Build(sector.Id, null, Today, facts, [d], directory);
        var partnerAgenda = MeetingAgendaBuilder.Build(sector.Id, Today.AddDays(-10), Today, facts, [d], directory, new PartnerConfidentiality(directory));
        var minutes = new MeetingMinutes
        {
            SectorId = sector.Id, MeetingDate = Today, RecordedBy = referent.ObjectId, RecordedAt = Now, Attendees = ["Police"], Summary = "Résumé",
            Decisions = [MinutesDecision.Note("M1", "Décision")],
        };
        var errors = new Dictionary<string, string> { [DiagnosticFields.Title] = "Erreur", ["general"] = "Erreur générale" };
        var closed = d.Close(referent, d.Version, Now).Diagnostic;
        return new Dictionary<string, AdaptiveCard>
        {
            ["diagnostic"] = DiagnosticCards.Diagnostic(d, directory, Today, evaluation, "Notice"),
            ["diagnostic-closed"] = DiagnosticCards.Diagnostic(closed, directory, Today),
            ["diagnostic-empty"] = DiagnosticCards.Diagnostic(Diagnostic.Open(new DiagnosticNumber("05", 2026, 8), sector.Id, "Vide", [], DiagnosticTemplate.Empty, referent, Now).Diagnostic, directory, Today),
            ["open-form"] = DiagnosticCards.OpenForm(sector, lines, None, errors, "05-2026-0042"),
            ["open-form-no-issue"] = DiagnosticCards.OpenForm(sector, [], None, None, null),
            ["opened"] = DiagnosticCards.Opened(d),
            ["edit-form"] = DiagnosticCards.EditForm(d, None, errors),
            ["add-action-form"] = DiagnosticCards.AddActionForm(d, directory, Today, None, errors),
            ["update-action-form"] = DiagnosticCards.UpdateActionForm(d, directory, None, errors),
            ["evaluation-form"] = DiagnosticCards.EvaluationForm(d, directory, None, errors),
            ["note-form"] = DiagnosticCards.NoteForm(d, None, errors),
            ["list"] = DiagnosticCards.List([d, closed], directory, Today),
            ["list-empty"] = DiagnosticCards.List([], directory, Today),
            ["hotspot"] = DiagnosticCards.HotspotSuggestion(group, directory, lines),
            ["hotspot-ignored"] = DiagnosticCards.HotspotIgnored("Julien"),
            ["my-actions"] = PartnerDiagnosticCards.MyActions("Résidence", [new PartnerDiagnosticItem(view, view.Actions)], directory, Today, "Merci"),
            ["my-actions-empty"] = PartnerDiagnosticCards.MyActions("Résidence", [], directory, Today),
            ["mark-done-form"] = PartnerDiagnosticCards.MarkDoneForm(view, view.Actions[0], directory, Today, "x", "Erreur"),
            ["survey"] = PartnerDiagnosticCards.Survey(view, survey, directory),
            ["survey-thanks"] = PartnerDiagnosticCards.SurveyThanks(view, "Inchangée"),
            ["action-reminder"] = PartnerDiagnosticCards.ActionReminder(view, view.Actions[0], directory, Today),
            ["police-action-reminder"] = DiagnosticCards.PoliceActionReminder(d, d.FindAction("A2")!, directory, Today),
            ["partner-notice"] = PartnerDiagnosticCards.Notice("Refus"),
            ["agenda"] = MeetingCards.Agenda(agenda, directory, Today),
            ["agenda-partners"] = MeetingCards.Agenda(partnerAgenda, directory, Today),
            ["minutes-form"] = MeetingCards.MinutesForm(sector, [d], directory, Today, 3, None, errors),
            ["minutes-form-no-diagnostic"] = MeetingCards.MinutesForm(sector, [], directory, Today, 1, None, None),
            ["minutes-recorded"] = MeetingCards.MinutesRecorded(minutes, directory, [new DecisionOutcome(minutes.Decisions[0], "Décision notée.")]),
        };
    }

    [Fact]
    public async Task Every_diagnostics_card_parses_at_1_5()
    {
        var cards = AllCards();
        var verdicts = await CardValidator.ValidateAsync(cards.ToDictionary(c => c.Key, c => c.Value.ToJson()));
        Assert.Equal(cards.Count, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.Ok, $"{v.File}: {string.Join("; ", v.Errors)}"));
    }

    [Fact]
    public void Every_diagnostics_card_agrees_counts_in_number_and_writes_dates_in_french()
    {
        var problems = CardWording.ProblemsOf(AllCards());
        Assert.True(problems.Length == 0, problems);
    }

    [Fact]
    public void User_text_is_shown_literally_never_as_markdown_or_a_mention()
    {
        var card = AllCards()["diagnostic"].ToJson();
        Assert.DoesNotContain("<at>", card, StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\":\"TextBlock\",\"text\":\"Hall A", card, StringComparison.Ordinal);
    }
}

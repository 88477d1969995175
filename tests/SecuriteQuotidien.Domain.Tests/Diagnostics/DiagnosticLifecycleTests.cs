using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Tests.Status;
using static SecuriteQuotidien.Domain.Tests.Diagnostics.DiagnosticsData;

namespace SecuriteQuotidien.Domain.Tests.Diagnostics;

public sealed class DiagnosticLifecycleTests
{
    private static readonly DateTimeOffset T0 = At(2026, 3, 16);

    [Fact]
    public void Referent_opens_with_template_and_linked_issues_at_version_one()
    {
        var (diagnostic, opened) = Diagnostic.Open(Number(), Sector, "  Regroupements rue Carnot ", [Linked(1), Linked(2), Linked(1)],
            new DiagnosticTemplate("Constat", "Hypothèses", "Acteurs"), Actor(Referent), T0);

        Assert.Equal("D05-2026-0007", diagnostic.Number.ToString());
        Assert.Equal("Regroupements rue Carnot", diagnostic.Title);
        Assert.Equal(2, diagnostic.LinkedIssues.Count);
        Assert.Equal(1, diagnostic.Version);
        Assert.True(diagnostic.IsOpen);
        Assert.Equal(DiagnosticEventKind.Opened, opened.Kind);
        Assert.Equal(Referent, opened.ActorObjectId);
        Assert.Equal(1, opened.Version);
    }

    [Theory]
    [InlineData(HautesAlpes.PartnerCamille)]
    [InlineData(OtherReferent)]
    [InlineData(HautesAlpes.Stranger)]
    public void Only_the_sectors_police_open_a_diagnostic(string objectId)
    {
        var error = Assert.Throws<DiagnosticAccessException>(() =>
            Diagnostic.Open(Number(), Sector, "Titre", [], DiagnosticTemplate.Empty, Actor(objectId), T0));
        Assert.Contains("référent du secteur", error.Message);
    }

    [Theory]
    [InlineData(Deputy)]
    [InlineData(HautesAlpes.Commissioner)]
    [InlineData(HautesAlpes.Administrator)]
    public void Deputy_commissioner_and_administrators_edit(string objectId)
    {
        var edited = Opened().EditDetails(Actor(objectId), 1, T0.AddHours(1), title: "Nouveau titre").Diagnostic;

        Assert.Equal("Nouveau titre", edited.Title);
        Assert.Equal(2, edited.Version);
    }

    [Fact]
    public void Two_line_action_plan_then_the_owning_partner_marks_theirs_done()
    {
        var d = Opened();
        d = d.AddAction(Actor(Referent), 1, T0, "Patrouilles ciblées le vendredi soir", DiagnosticAction.PoliceOwner, new DateOnly(2026, 4, 10)).Diagnostic;
        d = d.AddAction(Actor(Referent), 2, T0, "Réparer l'éclairage du porche", HabitatAlpin, new DateOnly(2026, 4, 3)).Diagnostic;

        Assert.Equal(["A1", "A2"], d.Actions.Select(a => a.Id));
        var (done, doneEvent) = d.MarkActionDone(Actor(PartnerHabitat), 3, T0.AddDays(5), "a2", "Éclairage remplacé le 20 mars.");

        var action = done.FindAction("A2")!;
        Assert.Equal(ActionStatus.Done, action.Status);
        Assert.Equal("Éclairage remplacé le 20 mars.", action.DoneComment);
        Assert.Equal(PartnerHabitat, action.DoneBy);
        Assert.Equal(T0.AddDays(5), action.DoneAt);
        Assert.Equal(4, done.Version);
        Assert.Equal(EventVisibility.PartnerVisible, doneEvent.Visibility);
        Assert.Equal(ActionStatus.ToDo, done.FindAction("A1")!.Status);
    }

    [Fact]
    public void Partner_may_not_touch_another_organisations_or_the_polices_action_nor_edit()
    {
        var d = Opened()
            .AddAction(Actor(Referent), 1, T0, "Patrouilles", DiagnosticAction.PoliceOwner, new DateOnly(2026, 4, 10)).Diagnostic
            .AddAction(Actor(Referent), 2, T0, "Éclairage", HabitatAlpin, new DateOnly(2026, 4, 3)).Diagnostic;

        Assert.Throws<DiagnosticAccessException>(() => d.MarkActionDone(Actor(HautesAlpes.PartnerCamille), 3, T0, "A2", "fait"));
        Assert.Throws<DiagnosticAccessException>(() => d.MarkActionDone(Actor(PartnerHabitat), 3, T0, "A1", "fait"));
        Assert.Throws<DiagnosticAccessException>(() => d.StartAction(Actor(HautesAlpes.PartnerCamille), 3, T0, "A2"));
        Assert.Throws<DiagnosticAccessException>(() => d.AddAction(Actor(PartnerHabitat), 3, T0, "x", HabitatAlpin, new DateOnly(2026, 4, 3)));
        Assert.Throws<DiagnosticAccessException>(() => d.AddPoliceNote(Actor(PartnerHabitat), 3, T0, "note"));
        // Same organisation, but not a partner of this sector's GPO.
        Assert.Throws<DiagnosticAccessException>(() => d.MarkActionDone(Actor(PartnerHabitatBriancon), 3, T0, "A2", "fait"));
        // The sector's police may mark any action done.
        Assert.True(d.MarkActionDone(Actor(Deputy), 3, T0, "A2", "Constaté sur place").Diagnostic.FindAction("A2")!.IsDone);
    }

    [Fact]
    public void Stale_or_replayed_changes_are_refused_by_version()
    {
        var d = Opened().AddAction(Actor(Referent), 1, T0, "Éclairage", HabitatAlpin, new DateOnly(2026, 4, 3)).Diagnostic;
        var done = d.MarkActionDone(Actor(PartnerHabitat), 2, T0, "A1", "Fait").Diagnostic;

        var replay = Assert.Throws<DiagnosticStaleException>(() => done.MarkActionDone(Actor(PartnerHabitat), 2, T0, "A1", "Fait"));
        Assert.Equal(2, replay.ExpectedVersion);
        Assert.Equal(3, replay.ActualVersion);
        Assert.Throws<DiagnosticStaleException>(() => done.EditDetails(Actor(Referent), 1, T0, title: "Ancienne carte"));
        var again = Assert.Throws<DiagnosticRuleException>(() => done.MarkActionDone(Actor(PartnerHabitat), 3, T0, "A1", "Fait"));
        Assert.Equal("L'action A1 est déjà faite.", again.Message);
    }

    [Fact]
    public void Action_ids_are_never_reused_after_a_removal()
    {
        var d = Opened()
            .AddAction(Actor(Referent), 1, T0, "Un", HabitatAlpin, new DateOnly(2026, 4, 3)).Diagnostic
            .AddAction(Actor(Referent), 2, T0, "Deux", Cedres, new DateOnly(2026, 4, 3)).Diagnostic;
        d = d.RemoveAction(Actor(Referent), 3, T0, "A2").Diagnostic;
        d = d.AddAction(Actor(Referent), 4, T0, "Trois", Cedres, new DateOnly(2026, 4, 3)).Diagnostic;

        Assert.Equal(["A1", "A3"], d.Actions.Select(a => a.Id));
        Assert.Throws<DiagnosticRuleException>(() => d.MarkActionDone(Actor(Referent), 5, T0, "A2", "fait"));
    }

    [Fact]
    public void Closed_diagnostic_refuses_changes_until_reopened_but_takes_an_assessment()
    {
        var method = DiagnosticSettings.Default.FindMethod("qualitatif")!;
        var d = Opened().ChooseEvaluation(Actor(Referent), 1, T0, method).Diagnostic
            .AddAction(Actor(Referent), 2, T0, "Éclairage", HabitatAlpin, new DateOnly(2026, 4, 3)).Diagnostic;
        var closed = d.Close(Actor(Referent), 3, T0.AddDays(40), "Situation apaisée").Diagnostic;

        Assert.Equal(DiagnosticState.Closed, closed.State);
        Assert.Equal(T0.AddDays(40), closed.ClosedAt);
        Assert.Equal("Ce diagnostic est clos.",
            Assert.Throws<DiagnosticRuleException>(() => closed.MarkActionDone(Actor(PartnerHabitat), 4, T0, "A1", "fait")).Message);
        Assert.Throws<DiagnosticRuleException>(() => closed.AddAction(Actor(Referent), 4, T0, "x", Cedres, new DateOnly(2026, 5, 1)));
        var assessed = closed.RecordAssessment(Actor(Referent), 4, T0.AddDays(41), "Les regroupements ont cessé.").Diagnostic;
        Assert.Equal("Les regroupements ont cessé.", assessed.Evaluation!.Assessment);
        Assert.Equal("qualitatif", assessed.Evaluation.MethodId);
        var reopened = assessed.Reopen(Actor(Referent), 5, T0.AddDays(50)).Diagnostic;
        Assert.True(reopened.IsOpen);
        Assert.Null(reopened.ClosedAt);
    }

    [Fact]
    public void Police_notes_and_police_actions_are_police_only_events()
    {
        var d = Opened();
        var note = d.AddPoliceNote(Actor(Referent), 1, T0, "Informateur : livraison le jeudi.");
        var police = note.Diagnostic.AddAction(Actor(Referent), 2, T0, "Surveillance discrète", DiagnosticAction.PoliceOwner, new DateOnly(2026, 4, 1));
        var linked = police.Diagnostic.LinkIssues(Actor(Referent), 3, T0, [Linked(9, "trafic-stupefiants")]);

        Assert.Equal(EventVisibility.PoliceOnly, note.Event.Visibility);
        Assert.Equal(EventVisibility.PoliceOnly, police.Event.Visibility);
        Assert.Equal(EventVisibility.PoliceOnly, linked.Event.Visibility);
        Assert.Single(linked.Diagnostic.PoliceNotes);
    }

    [Fact]
    public void Texts_are_bounded_with_french_messages()
    {
        var d = Opened();
        Assert.Equal("Le titre est obligatoire.", Assert.Throws<DiagnosticRuleException>(() => d.EditDetails(Actor(Referent), 1, T0, title: "  ")).Message);
        Assert.Equal($"Le commentaire ne doit pas dépasser {Diagnostic.CommentMaxLength} caractères.",
            Assert.Throws<DiagnosticRuleException>(() => d
                .AddAction(Actor(Referent), 1, T0, "x", Cedres, new DateOnly(2026, 4, 1)).Diagnostic
                .MarkActionDone(Actor(Referent), 2, T0, "A1", new string('x', Diagnostic.CommentMaxLength + 1))).Message);
        Assert.Throws<DiagnosticRuleException>(() => d.AddAction(Actor(Referent), 1, T0, "x", " ", new DateOnly(2026, 4, 1)));
        Assert.Throws<DiagnosticRuleException>(() => d.LinkIssues(Actor(Referent), 1, T0, [Linked(1)]));
    }

    [Theory]
    [InlineData("D05-2026-0007", true)]
    [InlineData("d05-2026-0007", true)]
    [InlineData("05-2026-0007", false)]
    [InlineData("D05-26-7", false)]
    [InlineData("", false)]
    public void Numbers_parse_only_with_the_d_prefix(string text, bool valid)
    {
        Assert.Equal(valid, DiagnosticNumber.TryParse(text, out var number));
        if (valid)
        {
            Assert.Equal(Number(), number);
        }
    }

    [Fact]
    public void Late_actions_are_those_past_due_and_not_done()
    {
        var d = Opened()
            .AddAction(Actor(Referent), 1, T0, "Un", Cedres, new DateOnly(2026, 4, 1)).Diagnostic
            .AddAction(Actor(Referent), 2, T0, "Deux", Cedres, new DateOnly(2026, 4, 2)).Diagnostic;

        Assert.Empty(d.LateActions(new DateOnly(2026, 4, 1)));
        Assert.Equal(["A1"], d.LateActions(new DateOnly(2026, 4, 2)).Select(a => a.Id));
        var done = d.MarkActionDone(Actor(Referent), 3, T0, "A1", "ok").Diagnostic;
        Assert.Equal(["A2"], done.LateActions(new DateOnly(2026, 4, 5)).Select(a => a.Id));
    }
}

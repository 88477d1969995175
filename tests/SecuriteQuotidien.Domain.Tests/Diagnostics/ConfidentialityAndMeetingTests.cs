using System.Text.Json;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Tests.Status;
using static SecuriteQuotidien.Domain.Tests.Diagnostics.DiagnosticsData;

namespace SecuriteQuotidien.Domain.Tests.Diagnostics;

public sealed class ConfidentialityAndMeetingTests
{
    private const string SecretNote = "Informateur : livraison le jeudi soir.";
    private const string SecretAction = "Surveillance discrète du hall";
    private static readonly DateTimeOffset T0 = At(2026, 3, 16);
    private static readonly DateOnly Today = new(2026, 4, 13);

    /// <summary>A diagnostic with everything partners must not see: a police note, a police action, a restricted issue.</summary>
    private static Diagnostic Sensitive()
    {
        var d = Opened(T0, Linked(1), Linked(2), Linked(3, "trafic-stupefiants"));
        d = d.AddPoliceNote(Actor(Referent), 1, T0, SecretNote).Diagnostic;
        d = d.AddAction(Actor(Referent), 2, T0, SecretAction, DiagnosticAction.PoliceOwner, new DateOnly(2026, 4, 1)).Diagnostic;
        d = d.AddAction(Actor(Referent), 3, T0, "Réparer l'éclairage du porche", HabitatAlpin, new DateOnly(2026, 4, 3)).Diagnostic;
        return d.AddAction(Actor(Referent), 4, T0, "Affichage des horaires", Cedres, new DateOnly(2026, 4, 20)).Diagnostic;
    }

    private static IssueFacts[] SectorFacts =>
    [
        Facts(1, new(2026, 3, 2), answered: true), // past its deadline, but answered
        Facts(2, new(2026, 3, 20), closedOn: new(2026, 4, 2)),
        Facts(3, new(2026, 3, 25), categoryId: "trafic-stupefiants", deadline: new(2026, 4, 1)),
        Facts(4, new(2026, 3, 30), siteId: null, deadline: new(2026, 4, 10)), // overdue
        Facts(5, new(2026, 4, 12), siteId: PlaceJeanMarcellin),
    ];

    private static void AssertNothingSecret(object partnerVisible)
    {
        var json = JsonSerializer.Serialize(partnerVisible, partnerVisible.GetType());
        Assert.DoesNotContain("Informateur", json);
        Assert.DoesNotContain("Surveillance", json);
        Assert.DoesNotContain("05-2026-0003", json);
        Assert.DoesNotContain("trafic", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("stupéfiants", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Restricted_and_unknown_categories_are_not_visible_to_partners()
    {
        Assert.False(Confidentiality.IsVisibleToPartners("trafic-stupefiants"));
        Assert.False(Confidentiality.IsVisibleToPartners("categorie-inconnue"));
        Assert.True(Confidentiality.IsVisibleToPartners("incivilites"));
        Assert.False(Confidentiality.IsVisibleToPartners(Linked(3, "trafic-stupefiants")));
    }

    [Fact]
    public void Partner_view_has_no_police_note_no_police_action_and_no_restricted_issue()
    {
        var view = PartnerView.Of(Sensitive(), Confidentiality);

        Assert.Equal(["05-2026-0001", "05-2026-0002"], view.LinkedIssues.Select(n => n.ToString()));
        Assert.Equal(["A2", "A3"], view.Actions.Select(a => a.Id));
        Assert.Equal(5, view.Version);
        AssertNothingSecret(view);
    }

    [Fact]
    public void Mes_actions_lists_only_the_organisations_own_actions_of_open_diagnostics()
    {
        var open = Sensitive();
        var closed = Opened(T0).AddAction(Actor(Referent), 1, T0, "Ancienne action", HabitatAlpin, new DateOnly(2026, 3, 20)).Diagnostic
            .Close(Actor(Referent), 2, T0) .Diagnostic with { Number = Number(8) };

        var mine = PartnerView.ActionsOf([open, closed], HabitatAlpin);

        var item = Assert.Single(mine);
        Assert.Equal(("A2", "D05-2026-0007", 5), (item.Action.Id, item.Number.ToString(), item.Version));
        Assert.Equal(["A3"], PartnerView.ActionsOf([open], Cedres).Select(i => i.Action.Id));
        Assert.Throws<ArgumentException>(() => PartnerView.ActionsOf([open], DiagnosticAction.PoliceOwner));
    }

    [Fact]
    public void Partner_history_drops_police_only_events()
    {
        var d = Opened(T0);
        var note = d.AddPoliceNote(Actor(Referent), 1, T0, SecretNote);
        var action = note.Diagnostic.AddAction(Actor(Referent), 2, T0, "Éclairage", HabitatAlpin, new DateOnly(2026, 4, 3));

        var history = PartnerView.EventsOf([action.Event, note.Event]);

        Assert.Equal([3], history.Select(e => e.Version));
        AssertNothingSecret(history);
    }

    [Fact]
    public void Constat_is_prefilled_from_partner_visible_issues_only()
    {
        var constat = ConstatBuilder.Build(SectorFacts, Today, Department05, Confidentiality);

        Assert.Equal(string.Join("\n",
            "4 signalements du 2 mars 2026 au 12 avril 2026.",
            "Par catégorie : Incivilités (4).",
            "Par lieu : Rue Carnot (2), adresse libre (1), Place Jean-Marcellin (1).",
            "État au 13 avril 2026 : 3 en cours dont 1 en retard, 1 clos."), constat);
        Assert.DoesNotContain("stupéfiants", constat);
        Assert.Equal("", ConstatBuilder.Build([SectorFacts[2]], Today, Department05, Confidentiality));
    }

    [Fact]
    public void Agenda_lists_what_happened_since_the_last_meeting()
    {
        var diagnostic = Sensitive().MarkActionDone(Actor(PartnerHabitat), 5, At(2026, 4, 5), "A2", "Éclairage remplacé").Diagnostic;

        var agenda = MeetingAgendaBuilder.Build(Sector, new DateOnly(2026, 3, 20), Today, SectorFacts, [diagnostic], Department05);

        Assert.Equal("Ordre du jour du GPO – Gap – hyper-centre", agenda.Title);
        Assert.Equal("Depuis la réunion du 20 mars 2026", agenda.PeriodLabel);
        Assert.Equal(new DatePeriod(new(2026, 3, 21), Today), agenda.Period);
        Assert.Equal([3, 4, 5], agenda.NewIssues.Select(i => i.Issue.Number.Sequence));
        Assert.Equal([3, 4], agenda.OverdueIssues.Select(i => i.Issue.Number.Sequence));
        Assert.Equal([2], agenda.ClosedIssues.Select(i => i.Issue.Number.Sequence));
        Assert.Equal("Adresse libre", agenda.NewIssues[1].PlaceLabel);
        var open = Assert.Single(agenda.OpenDiagnostics);
        Assert.Equal((1, 3, 1), (open.ActionsDone, open.ActionsTotal, open.LateActions));
        Assert.Equal([("A1", "Police")], agenda.LateActions.Select(a => (a.Action.Id, a.OwnerLabel)));
        Assert.Equal([("A2", "Habitat Alpin")], agenda.ActionsDone.Select(a => (a.Action.Id, a.OwnerLabel)));
    }

    [Fact]
    public void Partner_agenda_holds_no_restricted_issue_no_police_action_no_note()
    {
        var diagnostic = Sensitive();

        var agenda = MeetingAgendaBuilder.Build(Sector, new DateOnly(2026, 3, 20), Today, SectorFacts, [diagnostic], Department05, Confidentiality);

        Assert.True(agenda.ForPartners);
        Assert.Equal([4, 5], agenda.NewIssues.Select(i => i.Issue.Number.Sequence));
        Assert.Equal([4], agenda.OverdueIssues.Select(i => i.Issue.Number.Sequence));
        Assert.Equal((0, 2, 1), (agenda.OpenDiagnostics[0].ActionsDone, agenda.OpenDiagnostics[0].ActionsTotal, agenda.OpenDiagnostics[0].LateActions));
        // The police action A1 is late too, but it is police business.
        Assert.Equal(["A2"], agenda.LateActions.Select(a => a.Action.Id));
        AssertNothingSecret(agenda);
    }

    [Fact]
    public void Without_a_last_meeting_the_agenda_covers_the_last_thirty_days()
    {
        var agenda = MeetingAgendaBuilder.Build(Sector, null, Today, SectorFacts, [], Department05);

        Assert.Equal(new DatePeriod(new(2026, 3, 15), Today), agenda.Period);
        Assert.Equal("Sur les 30 derniers jours (du 15 mars 2026 au 13 avril 2026)", agenda.PeriodLabel);
        Assert.Equal([2, 3, 4, 5], agenda.NewIssues.Select(i => i.Issue.Number.Sequence));
        Assert.False(agenda.IsEmpty);
        Assert.True(MeetingAgendaBuilder.Build(HautesAlpes.BrianconHyperCentre, null, Today, SectorFacts, [], Department05).IsEmpty);
    }

    [Fact]
    public void Minutes_decisions_describe_actions_and_issue_updates_and_are_validated()
    {
        var minutes = new MeetingMinutes
        {
            SectorId = Sector,
            MeetingDate = Today,
            RecordedBy = Referent,
            RecordedAt = At(2026, 4, 13, 18),
            Attendees = [Cedres, HabitatAlpin],
            Summary = "Point sur la rue Carnot.",
            Decisions =
            [
                MinutesDecision.Note("M1", "Prochaine réunion le 11 mai."),
                MinutesDecision.NewAction("M2", "Médiation avec les jeunes", Number(), Cedres, new DateOnly(2026, 5, 1)),
                MinutesDecision.UpdateIssue("M3", "Problème réglé selon le bailleur", new IssueNumber("05", 2026, 2), IssueUpdateKind.Close, IssueOutcome.Resolved),
            ],
        };

        Assert.Empty(minutes.Validate());
        var applied = minutes.MarkApplied("M2", At(2026, 4, 13, 19), "A4");
        Assert.Equal(["M1", "M3"], applied.Pending.Select(d => d.Id));
        Assert.Equal("A4", applied.Decisions[1].AppliedRef);
        Assert.Throws<DiagnosticRuleException>(() => minutes.MarkApplied("M9", T0, null));

        var broken = minutes with
        {
            Decisions =
            [
                new MinutesDecision { Id = "M1", Kind = DecisionKind.NewAction, Text = "Sans diagnostic" },
                MinutesDecision.UpdateIssue("M1", " ", new IssueNumber("05", 2026, 2), IssueUpdateKind.Close),
            ],
        };
        Assert.Equal(
        [
            "Deux décisions portent le même identifiant.",
            "Décision M1 : choisissez le diagnostic où ajouter l'action.",
            "Décision M1 : choisissez qui porte l'action.",
            "Décision M1 : indiquez l'échéance de l'action.",
            "Décision M1 : le texte est obligatoire.",
            "Décision M1 : indiquez l'issue de la clôture.",
        ], broken.Validate());
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Meetings;

/// <summary>The outcome of one decision of the minutes, as shown on the recorded minutes.</summary>
public sealed record DecisionOutcome(MinutesDecision Decision, string Result);

/// <summary>The GPO meeting kit: the agenda card and the minutes form.</summary>
public static class MeetingCards
{
    public const string PartnerSafeValue = "oui";

    public static readonly IReadOnlyList<Choice> DecisionKinds =
    [
        new("Décision notée", "note"),
        new("Nouvelle action d'un diagnostic", "action"),
        new("Mise à jour d'un signalement", "signalement"),
    ];

    public static readonly IReadOnlyList<Choice> IssueUpdates =
    [
        new("Note police sur le signalement", "note"),
        new("Réponse ciblée engagée", "reponse"),
        new("Clôture (résolu)", "cloture-resolu"),
        new("Clôture (non résolu)", "cloture-non-resolu"),
    ];

    public static AdaptiveCard Agenda(MeetingAgenda agenda, IDirectory directory, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(agenda);
        var body = new List<CardElement>
        {
            new TextBlock(agenda.Title) { Size = "Large", Weight = "Bolder" },
            new TextBlock(agenda.PeriodLabel) { IsSubtle = true, Spacing = "None" },
            new TextBlock(agenda.ForPartners
                ? "Version partageable avec les partenaires : sans notes police, sans actions de la police et sans signalements à diffusion restreinte."
                : "Version police (à ne pas diffuser telle quelle aux partenaires : utilisez « Version partenaires »).") { IsSubtle = true, Size = "Small" },
        };
        if (agenda.IsEmpty)
        {
            body.Add(new TextBlock("Rien de nouveau depuis la dernière réunion."));
        }
        Issues(body, "Nouveaux signalements", agenda.NewIssues);
        Issues(body, "Signalements en retard", agenda.OverdueIssues);
        Issues(body, "Signalements clos", agenda.ClosedIssues);
        if (agenda.OpenDiagnostics.Count > 0)
        {
            body.Add(CardParts.Heading($"Diagnostics ouverts ({agenda.OpenDiagnostics.Count})"));
            body.AddRange(agenda.OpenDiagnostics.Select(d => CardText.Literal(
                $"{d.Number} — {d.Title} : {d.ActionsDone}/{d.ActionsTotal} actions faites" + (d.LateActions > 0 ? $", {d.LateActions} en retard" : ""), 400)));
        }
        Actions(body, "Actions en retard", agenda.LateActions, directory, today);
        Actions(body, "Actions faites", agenda.ActionsDone, directory, today);
        var data = new JsonObject { [MeetingFields.Sector] = agenda.SectorId };
        var partnerData = (JsonObject)data.DeepClone();
        partnerData[MeetingFields.PartnerSafe] = PartnerSafeValue;
        List<CardAction> actions = agenda.ForPartners
            ? [CardExtensions.Execute("Version police", ActionIds.Meeting.Agenda, data, associatedInputs: "none")]
            : [CardExtensions.Execute("Version partenaires", ActionIds.Meeting.Agenda, partnerData, associatedInputs: "none")];
        actions.Add(CardExtensions.Execute("Rédiger le compte rendu", ActionIds.Meeting.MinutesForm, data, associatedInputs: "none"));
        actions.Add(CardExtensions.Execute(MeetingExportCards.ExportTitle, ActionIds.Meeting.AgendaExport, agenda.ForPartners ? partnerData : data,
            associatedInputs: "none"));
        return new AdaptiveCard { FallbackText = agenda.Title, Body = body, Actions = actions, MsTeams = new TeamsCardProperties { Width = "Full" } };
    }

    /// <summary>The minutes form: date, attendees, summary and <paramref name="slots"/> decisions.</summary>
    public static AdaptiveCard MinutesForm(Sector sector, IReadOnlyList<Diagnostic> openDiagnostics, IDirectory directory, DateOnly today, int slots,
        IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors)
    {
        var body = new List<CardElement>
        {
            new TextBlock($"Compte rendu du GPO – {sector.Name}") { Size = "Large", Weight = "Bolder" },
            new TextBlock("Chaque décision devient, au choix, une simple mention, une action d'un diagnostic ou une mise à jour d'un signalement. "
                + "La date de la réunion sert de point de départ au prochain ordre du jour.") { IsSubtle = true },
            new DateInput { Id = MeetingFields.MeetingDate, Label = "Date de la réunion", Value = FormCards.Value(values, MeetingFields.MeetingDate) ?? FormCards.Iso(today),
                Max = FormCards.Iso(today) },
        };
        FormCards.AddError(body, errors, MeetingFields.MeetingDate);
        body.Add(new TextInput { Id = MeetingFields.Attendees, Label = "Participants (séparés par des virgules)", MaxLength = 2000,
            Value = FormCards.Value(values, MeetingFields.Attendees) });
        body.Add(new TextInput { Id = MeetingFields.Summary, Label = "Résumé", IsMultiline = true, MaxLength = MeetingMinutes.SummaryMaxLength,
            Value = FormCards.Value(values, MeetingFields.Summary) });
        var diagnosticChoices = openDiagnostics.Select(d => new Choice(CardText.Clean($"{d.Number} — {d.Title}", 120), d.Number.ToString())).ToList();
        for (var i = 1; i <= slots; i++)
        {
            string F(string part) => MeetingFields.Decision(i, part);
            string? V(string part) => FormCards.Value(values, F(part));
            body.Add(new TextBlock($"Décision {i}") { Weight = "Bolder", Spacing = "Large", Separator = true });
            body.Add(new TextInput { Id = F("texte"), Label = "Texte de la décision", IsMultiline = true, MaxLength = MeetingMinutes.DecisionTextMaxLength, Value = V("texte") });
            body.Add(new ChoiceSetInput { Id = F("type"), Label = "Elle devient", Style = "compact", Choices = DecisionKinds, Value = V("type") ?? "note" });
            if (diagnosticChoices.Count > 0)
            {
                body.Add(new ChoiceSetInput { Id = F("diagnostic"), Label = "Diagnostic (pour une action)", Style = "compact", Placeholder = "Choisissez",
                    Choices = diagnosticChoices, Value = V("diagnostic") });
                body.Add(CardParts.ActionOwnerChoice(directory, F("porteur"), V("porteur")) with { Label = "Porteur (pour une action)" });
                body.Add(new DateInput { Id = F("echeance"), Label = "Échéance (pour une action)", Value = V("echeance"), Min = FormCards.Iso(today) });
            }
            body.Add(new TextInput { Id = F("signalement"), Label = "Numéro du signalement (pour une mise à jour)", Placeholder = "05-2026-0042", MaxLength = 20, Value = V("signalement") });
            body.Add(new ChoiceSetInput { Id = F("maj"), Label = "Mise à jour du signalement", Style = "compact", Placeholder = "Choisissez", Choices = IssueUpdates, Value = V("maj") });
            FormCards.AddError(body, errors, F("texte"));
        }
        FormCards.AddError(body, errors, "general");
        return new AdaptiveCard
        {
            FallbackText = $"Compte rendu du GPO – {sector.Name}",
            Body = body,
            Actions = [CardExtensions.Execute("Enregistrer le compte rendu", ActionIds.Meeting.MinutesSubmit, new JsonObject { [MeetingFields.Sector] = sector.Id }, "positive")],
            MsTeams = new TeamsCardProperties { Width = "Full" },
        };
    }

    public static AdaptiveCard MinutesRecorded(MeetingMinutes minutes, IDirectory directory, IReadOnlyList<DecisionOutcome> outcomes)
    {
        var sector = directory.FindSector(minutes.SectorId)?.Name ?? minutes.SectorId;
        var body = new List<CardElement>
        {
            new TextBlock($"Compte rendu du GPO – {sector}") { Size = "Large", Weight = "Bolder" },
            new TextBlock($"Réunion du {FrenchDateFormat.Long(minutes.MeetingDate)}. Le prochain ordre du jour partira de cette date.") { IsSubtle = true },
        };
        if (minutes.Attendees.Count > 0)
        {
            body.Add(CardText.Literal("Participants : " + string.Join(", ", minutes.Attendees)));
        }
        if (!string.IsNullOrWhiteSpace(minutes.Summary))
        {
            body.Add(CardParts.Heading("Résumé"));
            body.Add(CardText.Literal(minutes.Summary));
        }
        if (outcomes.Count > 0)
        {
            body.Add(CardParts.Heading("Décisions"));
            foreach (var outcome in outcomes)
            {
                body.Add(CardText.Literal($"{outcome.Decision.Id} — {outcome.Decision.Text}", MeetingMinutes.DecisionTextMaxLength + 10));
                body.Add(CardText.Literal(outcome.Result, 400, subtle: true));
            }
        }
        return new AdaptiveCard
        {
            FallbackText = $"Compte rendu du GPO – {sector}",
            Body = body,
            Actions =
            [
                CardExtensions.Execute("Ordre du jour suivant", ActionIds.Meeting.Agenda, new JsonObject { [MeetingFields.Sector] = minutes.SectorId }, associatedInputs: "none"),
                CardExtensions.Execute(MeetingExportCards.ExportTitle, ActionIds.Meeting.MinutesExport, MinutesExportData(minutes, partnerSafe: false), associatedInputs: "none"),
                CardExtensions.Execute(MeetingExportCards.PartnerExportTitle, ActionIds.Meeting.MinutesExport, MinutesExportData(minutes, partnerSafe: true), associatedInputs: "none"),
            ],
        };
    }

    private static void Issues(List<CardElement> body, string heading, IReadOnlyList<AgendaIssue> issues)
    {
        if (issues.Count == 0)
        {
            return;
        }
        body.Add(CardParts.Heading($"{heading} ({issues.Count.ToString(CultureInfo.InvariantCulture)})"));
        body.AddRange(issues.Select(i => CardText.Literal($"{i.Issue.Number} — {i.CategoryLabel} — {i.PlaceLabel}", 300)));
    }

    private static void Actions(List<CardElement> body, string heading, IReadOnlyList<AgendaAction> actions, IDirectory directory, DateOnly today)
    {
        if (actions.Count == 0)
        {
            return;
        }
        body.Add(CardParts.Heading($"{heading} ({actions.Count.ToString(CultureInfo.InvariantCulture)})"));
        foreach (var a in actions)
        {
            body.Add(CardText.Literal($"{a.Number} · {a.Action.Id} — {a.Action.Text}", 600));
            body.Add(new TextBlock(CardParts.ActionFacts(a.Action, directory, today)) { IsSubtle = true, Spacing = "None", Size = "Small" });
            if (a.Action.DoneComment is { } comment)
            {
                body.Add(CardText.Literal("Commentaire : " + comment, 1100, subtle: true));
            }
        }
    }

    private static JsonObject MinutesExportData(MeetingMinutes minutes, bool partnerSafe)
    {
        var data = new JsonObject { [MeetingFields.Sector] = minutes.SectorId, [MeetingFields.MeetingDate] = FormCards.Iso(minutes.MeetingDate) };
        if (partnerSafe)
        {
            data[MeetingFields.PartnerSafe] = PartnerSafeValue;
        }
        return data;
    }

    internal static IssueNumber? ParseIssue(string? text) => IssueNumber.TryParse(text, out var n) ? n : null;
}

using System.Globalization;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Bot.Diagnostics;

/// <summary>A linked or candidate issue as a line of a card: number, category, place, creation date.</summary>
public sealed record IssueLine(IssueNumber Number, string Label);

/// <summary>
/// The police-side cards of a diagnostic, posted in the sector channel: the diagnostic card and its forms
/// (each form replaces the card for the clicker; "Annuler" brings the current card back). User text is
/// always shown literally.
/// </summary>
public static class DiagnosticCards
{
    public const string StaleNotice = "Ce diagnostic a changé entre-temps : voici son état actuel. Votre action n'a pas été appliquée.";

    /// <summary>
    /// The diagnostic card: template, linked issues, action plan, police notes, evaluation. With <paramref name="sharedWith"/>,
    /// the view for a channel that partners read: no police note, no police action, no linked issue of a restricted
    /// category (the police get their view by refresh).
    /// </summary>
    public static AdaptiveCard Diagnostic(Diagnostic diagnostic, IDirectory directory, DateOnly today, EvaluationResult? evaluation = null,
        string? notice = null, PartnerConfidentiality? sharedWith = null)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        var linkedIssues = sharedWith is null ? diagnostic.LinkedIssues : [.. diagnostic.LinkedIssues.Where(sharedWith.IsVisibleToPartners)];
        var plan = sharedWith is null ? diagnostic.Actions : [.. diagnostic.Actions.Where(PartnerConfidentiality.IsVisibleToPartners)];
        var policeNotes = sharedWith is null ? diagnostic.PoliceNotes : [];
        var body = new List<CardElement> { new TextBlock($"Diagnostic partagé {diagnostic.Number}") { Size = "Large", Weight = "Bolder" } };
        if (notice is not null)
        {
            body.Add(new TextBlock(notice) { Color = "Attention", Weight = "Bolder" });
        }
        body.Add(CardText.Literal(diagnostic.Title, Domain.Diagnostics.Diagnostic.TitleMaxLength));
        var method = diagnostic.Evaluation is { } chosen ? directory.Diagnostics.FindMethod(chosen.MethodId) : null;
        body.Add(new FactSet
        {
            Facts =
            [
                new Fact("Secteur", directory.FindSector(diagnostic.SectorId)?.Name ?? diagnostic.SectorId),
                new Fact("État", diagnostic.State.ToFrench()),
                new Fact("Ouvert le", FrenchDateFormat.Long(LocalDate(diagnostic.OpenedAt, directory))),
                new Fact("Signalements liés", linkedIssues.Count == 0 ? "aucun" : string.Join(", ", linkedIssues.Select(i => i.Number))),
                new Fact("Évaluation", method?.Label ?? "à choisir"),
            ],
        });
        body.AddRange(Template(diagnostic.Template));
        body.AddRange(ActionPlan(plan, directory, today, "Plan d'action"));
        if (policeNotes.Count > 0)
        {
            body.Add(CardParts.Heading("Notes police (jamais montrées aux partenaires)"));
            body.AddRange(policeNotes.Select(n => CardText.Literal(
                $"{FrenchDateFormat.ByDate(LocalDate(n.At, directory))} — {n.Text}", Domain.Diagnostics.Diagnostic.NoteMaxLength)));
        }
        body.AddRange(EvaluationLines(evaluation, diagnostic.Evaluation?.Assessment));

        var reference = DiagnosticRef.Of(diagnostic);
        List<CardAction> actions = [];
        void Add(string title, string verb, string? style = null) =>
            actions.Add(CardExtensions.Execute(title, verb, reference.ToData(), style, associatedInputs: "none"));
        if (diagnostic.IsOpen)
        {
            Add("Ajouter une action", ActionIds.Diagnostic.AddAction, "positive");
            if (diagnostic.Actions.Any(a => !a.IsDone))
            {
                Add("Mettre à jour une action", ActionIds.Diagnostic.UpdateAction);
            }
            Add("Modifier", ActionIds.Diagnostic.Edit);
            Add("Évaluation", ActionIds.Diagnostic.Evaluation);
            Add("Note police", ActionIds.Diagnostic.Note);
            // In the body: the card's own actions are limited to five.
            body.Add(new ActionSet { Actions = [CardExtensions.Execute("Clore le diagnostic", ActionIds.Diagnostic.Close, reference.ToData(), associatedInputs: "none")] });
        }
        else
        {
            Add("Rouvrir", ActionIds.Diagnostic.Reopen);
            Add("Évaluation", ActionIds.Diagnostic.Evaluation);
        }
        return new AdaptiveCard
        {
            FallbackText = $"Diagnostic partagé {diagnostic.Number}",
            Body = body,
            Actions = actions,
            Refresh = new CardRefresh { Action = new ExecuteAction { Title = "Actualiser", Verb = ActionIds.Diagnostic.Refresh, Data = reference.ToData() } },
            MsTeams = new TeamsCardProperties { Width = "Full" },
        };
    }

    /// <summary>
    /// The opening form: title and linked issues (a multi-select of the sector's recent issues), pre-selected
    /// from the issue card or the suggestion. <paramref name="origin"/> (an issue number, "suggestion:{key}" or
    /// null) says what the answer replaces.
    /// </summary>
    public static AdaptiveCard OpenForm(Sector sector, IReadOnlyList<IssueLine> candidates, IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string> errors, string? origin)
    {
        var data = new JsonObject { [DiagnosticRef.SectorField] = sector.Id };
        if (origin is not null)
        {
            data[DiagnosticFields.Origin] = origin;
        }
        List<CardElement> body =
        [
            new TextBlock("Ouvrir un diagnostic partagé") { Size = "Large", Weight = "Bolder" },
            new TextBlock($"Secteur {sector.Name}. Le constat est pré-rempli à partir des signalements liés ; le diagnostic est partagé avec les partenaires du GPO, sauf les notes police et les signalements à diffusion restreinte.") { IsSubtle = true },
            new TextInput { Id = DiagnosticFields.Title, Label = "Titre", MaxLength = Domain.Diagnostics.Diagnostic.TitleMaxLength, Value = FormCards.Value(values, DiagnosticFields.Title),
                Placeholder = "Ex. : occupation du hall A de la résidence Les Cèdres" },
        ];
        FormCards.AddError(body, errors, DiagnosticFields.Title);
        if (candidates.Count > 0)
        {
            body.Add(new ChoiceSetInput
            {
                Id = DiagnosticFields.Issues,
                Label = "Signalements liés",
                IsMultiSelect = true,
                Style = "expanded",
                Choices = [.. candidates.Select(c => new Choice(c.Label, c.Number.ToString()))],
                Value = FormCards.Value(values, DiagnosticFields.Issues),
            });
        }
        else
        {
            body.Add(new TextBlock("Aucun signalement récent dans ce secteur : le diagnostic sera ouvert sans signalement lié.") { IsSubtle = true });
        }
        FormCards.AddError(body, errors, DiagnosticFields.Issues);
        return new AdaptiveCard
        {
            FallbackText = "Ouvrir un diagnostic partagé",
            Body = body,
            Actions = [CardExtensions.Execute("Ouvrir le diagnostic", ActionIds.Diagnostic.OpenSubmit, data, "positive")],
            MsTeams = new TeamsCardProperties { Width = "Full" },
        };
    }

    /// <summary>What replaces the opening form (or the suggestion) once the diagnostic is open.</summary>
    public static AdaptiveCard Opened(Diagnostic diagnostic) => new()
    {
        FallbackText = $"Diagnostic {diagnostic.Number} ouvert",
        Body =
        [
            new TextBlock($"Diagnostic {diagnostic.Number} ouvert") { Weight = "Bolder" },
            CardText.Literal(diagnostic.Title),
            new TextBlock("Sa carte est publiée dans le canal du secteur : complétez-y les hypothèses, les acteurs et le plan d'action.") { IsSubtle = true },
        ],
        Actions = [CardExtensions.Execute("Afficher le diagnostic", ActionIds.Diagnostic.Refresh, DiagnosticRef.Of(diagnostic).ToData(), associatedInputs: "none")],
    };

    public static AdaptiveCard EditForm(Diagnostic diagnostic, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors) =>
        Form(diagnostic, "Modifier le diagnostic", ActionIds.Diagnostic.EditSubmit, "Enregistrer", errors,
        [
            new TextInput { Id = DiagnosticFields.Title, Label = "Titre", MaxLength = Domain.Diagnostics.Diagnostic.TitleMaxLength,
                Value = FormCards.Value(values, DiagnosticFields.Title) ?? diagnostic.Title },
            new TextInput { Id = DiagnosticFields.Constat, Label = "Constat (faits et chiffres)", IsMultiline = true, MaxLength = Domain.Diagnostics.Diagnostic.SectionMaxLength,
                Value = FormCards.Value(values, DiagnosticFields.Constat) ?? diagnostic.Template.Constat },
            new TextInput { Id = DiagnosticFields.Hypotheses, Label = "Hypothèses", IsMultiline = true, MaxLength = Domain.Diagnostics.Diagnostic.SectionMaxLength,
                Value = FormCards.Value(values, DiagnosticFields.Hypotheses) ?? diagnostic.Template.Hypotheses },
            new TextInput { Id = DiagnosticFields.Actors, Label = "Acteurs concernés", IsMultiline = true, MaxLength = Domain.Diagnostics.Diagnostic.SectionMaxLength,
                Value = FormCards.Value(values, DiagnosticFields.Actors) ?? diagnostic.Template.Actors },
        ]);

    public static AdaptiveCard AddActionForm(Diagnostic diagnostic, IDirectory directory, DateOnly today, IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string> errors) =>
        Form(diagnostic, "Ajouter une action au plan", ActionIds.Diagnostic.AddActionSubmit, "Ajouter", errors,
        [
            new TextInput { Id = DiagnosticFields.ActionText, Label = "Action", IsMultiline = true, MaxLength = Domain.Diagnostics.Diagnostic.ActionTextMaxLength,
                Value = FormCards.Value(values, DiagnosticFields.ActionText), Placeholder = "Ex. : installer un éclairage dans le hall A" },
            CardParts.ActionOwnerChoice(directory, DiagnosticFields.Owner, FormCards.Value(values, DiagnosticFields.Owner)),
            new DateInput { Id = DiagnosticFields.DueDate, Label = "Échéance", Value = FormCards.Value(values, DiagnosticFields.DueDate) ?? FormCards.Iso(today.AddDays(30)), Min = FormCards.Iso(today) },
        ]);

    public static AdaptiveCard UpdateActionForm(Diagnostic diagnostic, IDirectory directory, IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string> errors) =>
        Form(diagnostic, "Mettre à jour une action", ActionIds.Diagnostic.UpdateActionSubmit, "Enregistrer", errors,
        [
            new ChoiceSetInput
            {
                Id = DiagnosticFields.ActionId, Label = "Action", Style = "compact", Placeholder = "Choisissez",
                Choices = [.. diagnostic.Actions.Where(a => !a.IsDone).Select(a => new Choice(
                    CardText.Clean($"{a.Id} — {a.Text} ({MeetingAgendaBuilder.OwnerLabel(a.Owner, directory)})", 200), a.Id))],
                Value = FormCards.Value(values, DiagnosticFields.ActionId),
            },
            new ChoiceSetInput
            {
                Id = DiagnosticFields.ActionStatus, Label = "Nouvel état", Style = "expanded",
                Choices = [new Choice("En cours", "en-cours"), new Choice("Fait", "fait"), new Choice("Retirer du plan", "retirer")],
                Value = FormCards.Value(values, DiagnosticFields.ActionStatus),
            },
            new TextInput { Id = DiagnosticFields.Comment, Label = "Commentaire (obligatoire pour « Fait »)", IsMultiline = true,
                MaxLength = Domain.Diagnostics.Diagnostic.CommentMaxLength, Value = FormCards.Value(values, DiagnosticFields.Comment) },
        ]);

    public static AdaptiveCard EvaluationForm(Diagnostic diagnostic, IDirectory directory, IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string> errors) =>
        Form(diagnostic, "Évaluation du diagnostic", ActionIds.Diagnostic.EvaluationSubmit, "Enregistrer", errors,
        [
            new TextBlock("La méthode est choisie localement par le GPO. Les résultats chiffrés sont calculés par le bot et affichés sur la carte ; "
                + "l'enquête est envoyée aux partenaires du GPO dans leur conversation avec le bot.") { IsSubtle = true },
            new ChoiceSetInput
            {
                Id = DiagnosticFields.Method, Label = "Méthode", Style = "expanded",
                Choices = [.. directory.Diagnostics.EvaluationMethods.Select(m => new Choice(m.Label, m.Id))],
                Value = FormCards.Value(values, DiagnosticFields.Method) ?? diagnostic.Evaluation?.MethodId,
            },
            new TextInput { Id = DiagnosticFields.Assessment, Label = "Appréciation qualitative (facultative)", IsMultiline = true,
                MaxLength = Domain.Diagnostics.Diagnostic.SectionMaxLength, Value = FormCards.Value(values, DiagnosticFields.Assessment) ?? diagnostic.Evaluation?.Assessment },
        ]);

    public static AdaptiveCard NoteForm(Diagnostic diagnostic, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors) =>
        Form(diagnostic, "Note police", ActionIds.Diagnostic.NoteSubmit, "Ajouter la note", errors,
        [
            new TextBlock("Cette note reste interne à la police : elle n'apparaît jamais dans ce que voient les partenaires.") { IsSubtle = true },
            new TextInput { Id = DiagnosticFields.NoteText, Label = "Note", IsMultiline = true, MaxLength = Domain.Diagnostics.Diagnostic.NoteMaxLength,
                Value = FormCards.Value(values, DiagnosticFields.NoteText) },
        ]);

    /// <summary>The `diagnostics` list: the police see every diagnostic of their sectors.</summary>
    public static AdaptiveCard List(IReadOnlyList<Diagnostic> diagnostics, IDirectory directory, DateOnly today)
    {
        var body = new List<CardElement> { new TextBlock("Diagnostics partagés") { Size = "Large", Weight = "Bolder" } };
        if (diagnostics.Count == 0)
        {
            body.Add(new TextBlock("Aucun diagnostic pour l'instant. Écrivez « diagnostic nouveau » dans le canal d'un secteur pour en ouvrir un."));
        }
        foreach (var d in diagnostics)
        {
            var late = d.LateActions(today).Count();
            body.Add(CardText.Literal($"{d.Number} — {d.Title}", 300));
            body.Add(new TextBlock($"{directory.FindSector(d.SectorId)?.Name ?? d.SectorId} · {d.State.ToFrench()} · {d.Actions.Count(a => a.IsDone)}/{d.Actions.Count} actions faites"
                + (late > 0 ? $" · {late} en retard" : "")) { IsSubtle = true, Spacing = "None" });
            body.Add(new ActionSet { Actions = [CardExtensions.Execute("Afficher", ActionIds.Diagnostic.Refresh, DiagnosticRef.Of(d).ToData(), associatedInputs: "none")] });
        }
        return new AdaptiveCard { FallbackText = "Diagnostics partagés", Body = body };
    }

    /// <summary>"Plusieurs signalements similaires…": a hotspot suggestion in the sector channel.</summary>
    public static AdaptiveCard HotspotSuggestion(HotspotGroup group, IDirectory directory, IReadOnlyList<IssueLine> lines)
    {
        ArgumentNullException.ThrowIfNull(group);
        var what = group.Kind == HotspotKind.Site
            ? $"au même endroit ({directory.FindSite(group.Value)?.Name ?? group.Value})"
            : $"de la même catégorie ({directory.FindCategory(group.Value)?.Label ?? group.Value})";
        var data = new JsonObject
        {
            [DiagnosticRef.SectorField] = group.SectorId,
            [DiagnosticFields.GroupKey] = group.Key,
            [DiagnosticFields.Issues] = string.Join(',', group.Issues.Select(i => i.Number)),
        };
        var openData = (JsonObject)data.DeepClone();
        openData[DiagnosticFields.Origin] = "suggestion:" + group.Key;
        List<CardElement> body =
        [
            new TextBlock("Plusieurs signalements similaires…") { Size = "Large", Weight = "Bolder" },
            new TextBlock($"{FrenchText.Count(group.Issues.Count, "signalement")} {what} entre le {FrenchDateFormat.Long(group.WindowStart)} et le {FrenchDateFormat.Long(group.WindowEnd)}. "
                + "Un diagnostic partagé avec les partenaires du GPO pourrait aider."),
        ];
        body.AddRange(lines.Select(l => CardText.Literal(l.Label, 300)));
        return new AdaptiveCard
        {
            FallbackText = "Plusieurs signalements similaires : ouvrir un diagnostic ?",
            Body = body,
            Actions =
            [
                CardExtensions.Execute("Ouvrir un diagnostic", ActionIds.Diagnostic.OpenForm, openData, "positive", associatedInputs: "none"),
                CardExtensions.Execute("Ignorer", ActionIds.Hotspot.Ignore, data, associatedInputs: "none"),
            ],
            MsTeams = new TeamsCardProperties { Width = "Full" },
        };
    }

    public static AdaptiveCard HotspotIgnored(string who) => new()
    {
        FallbackText = "Suggestion ignorée",
        Body =
        [
            new TextBlock("Suggestion de diagnostic ignorée") { Weight = "Bolder" },
            CardText.Literal($"Ignorée par {who}. Elle ne sera proposée à nouveau que si une nouvelle série de signalements apparaît.", subtle: true),
        ],
    };

    /// <summary>
    /// The reminder of a police-owned action before its due date, in the sector channel (in the diagnostic's thread when
    /// its card was posted): it @mentions the sector's referent and deputy, and opens the current diagnostic card.
    /// </summary>
    public static AdaptiveCard PoliceActionReminder(Diagnostic diagnostic, DiagnosticAction action, IDirectory directory, DateOnly today)
    {
        var when = DueIn(action.DueDate, today);
        var card = new AdaptiveCard
        {
            FallbackText = $"Rappel : action {action.Id} de la police à échéance {when}",
            // Posted in the sector channel, which partners read: the police action's text stays in the police view.
            Body =
            [
                new TextBlock($"Rappel : une action de la police du diagnostic {diagnostic.Number} arrive à échéance {when}") { Weight = "Bolder" },
                CardText.Literal(diagnostic.Title, Domain.Diagnostics.Diagnostic.TitleMaxLength, subtle: true),
                new TextBlock($"Action {action.Id} : son détail est réservé aux policiers du secteur (« Voir le diagnostic »).") { IsSubtle = true, Spacing = "None" },
            ],
            Actions = [CardExtensions.Execute("Voir le diagnostic", ActionIds.Diagnostic.Refresh, DiagnosticRef.Of(diagnostic).ToData(), associatedInputs: "none")],
        };
        return SectorMentions.Add(card, directory.FindSector(diagnostic.SectorId), directory, mentionDeputy: true);
    }

    /// <summary>"aujourd'hui", "demain", "dans 5 jours".</summary>
    public static string DueIn(DateOnly dueDate, DateOnly today) =>
        (dueDate.DayNumber - today.DayNumber) switch { <= 0 => "aujourd'hui", 1 => "demain", var days => $"dans {days} jours" };

    /// <summary>What every action reminder shows: its heading, the diagnostic's title, the action and its facts.</summary>
    public static IReadOnlyList<CardElement> ActionReminderLines(string heading, string diagnosticTitle, DiagnosticAction action, IDirectory directory,
        DateOnly today) =>
    [
        new TextBlock(heading) { Weight = "Bolder" },
        CardText.Literal(diagnosticTitle, Domain.Diagnostics.Diagnostic.TitleMaxLength, subtle: true),
        CardText.Literal($"{action.Id} — {action.Text}", Domain.Diagnostics.Diagnostic.ActionTextMaxLength + 10),
        new TextBlock(CardParts.ActionFacts(action, directory, today)) { IsSubtle = true, Spacing = "None" },
    ];

    /// <summary>The template sections, literal; empty ones say they are to be completed.</summary>
    public static IEnumerable<CardElement> Template(DiagnosticTemplate template)
    {
        foreach (var (title, text) in new[] { ("Constat", template.Constat), ("Hypothèses", template.Hypotheses), ("Acteurs concernés", template.Actors) })
        {
            yield return CardParts.Heading(title);
            yield return string.IsNullOrWhiteSpace(text)
                ? new TextBlock("À compléter.") { IsSubtle = true, Spacing = "None" }
                : CardText.Literal(text, Domain.Diagnostics.Diagnostic.SectionMaxLength);
        }
    }

    /// <summary>Lines of an action plan: text, owner, due date, state (late ones flagged), the comment once done.</summary>
    public static IEnumerable<CardElement> ActionPlan(IReadOnlyList<DiagnosticAction> actions, IDirectory directory, DateOnly today, string heading)
    {
        yield return CardParts.Heading(heading);
        if (actions.Count == 0)
        {
            yield return new TextBlock("Aucune action pour l'instant.") { IsSubtle = true, Spacing = "None" };
            yield break;
        }
        foreach (var action in actions)
        {
            yield return CardText.Literal($"{action.Id} — {action.Text}", Domain.Diagnostics.Diagnostic.ActionTextMaxLength + 10);
            yield return new TextBlock(CardParts.ActionFacts(action, directory, today)) { IsSubtle = true, Spacing = "None", Size = "Small",
                Color = action.IsLate(today) ? "Attention" : null };
            if (action.DoneComment is { } comment)
            {
                yield return CardText.Literal("Commentaire : " + comment, Domain.Diagnostics.Diagnostic.CommentMaxLength + 20, subtle: true);
            }
        }
    }

    public static IEnumerable<CardElement> EvaluationLines(EvaluationResult? evaluation, string? assessment)
    {
        if (evaluation is null && string.IsNullOrWhiteSpace(assessment))
        {
            yield break;
        }
        yield return CardParts.Heading(evaluation is null ? "Évaluation" : $"Évaluation — {evaluation.Method.Label}");
        foreach (var sentence in evaluation?.Sentences ?? [])
        {
            yield return CardText.Literal(sentence, 600);
        }
        if (!string.IsNullOrWhiteSpace(assessment) && evaluation?.Method.Kind != EvaluationMethodKind.Qualitative)
        {
            yield return CardText.Literal("Appréciation : " + assessment);
        }
    }

    public static DateOnly LocalDate(DateTimeOffset at, IDirectory directory) => directory.LocalDateOf(at);

    /// <summary>A sub-form of the diagnostic card: inputs, each followed by its error, submit and "Annuler".</summary>
    private static AdaptiveCard Form(Diagnostic diagnostic, string title, string submitVerb, string submitTitle,
        IReadOnlyDictionary<string, string> errors, IReadOnlyList<CardElement> inputs)
    {
        var reference = DiagnosticRef.Of(diagnostic).ToData();
        return FormCards.SubForm(new TextBlock($"Diagnostic {diagnostic.Number} — {title}") { Size = "Large", Weight = "Bolder" },
            CardText.Literal(diagnostic.Title, 300, subtle: true), inputs, errors,
            FormCards.SubmitOrCancel(submitTitle, submitVerb, reference, ActionIds.Diagnostic.Refresh), generalError: true);
    }
}

using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;

namespace SecuriteQuotidien.Bot.Diagnostics;

/// <summary>A diagnostic as a partner sees it, with the actions their organisation owns in it.</summary>
public sealed record PartnerDiagnosticItem(PartnerDiagnosticView View, IReadOnlyList<DiagnosticAction> OwnActions);

/// <summary>
/// The cards partners see, in their personal chat. Built only from <see cref="PartnerDiagnosticView"/>
/// (no police note, no police-owned action, no restricted-category issue) and partner-safe evaluations.
/// </summary>
public static class PartnerDiagnosticCards
{
    /// <summary>« mes actions »: each open diagnostic where the organisation owns actions, its shared part and those actions.</summary>
    public static AdaptiveCard MyActions(string organisationName, IReadOnlyList<PartnerDiagnosticItem> items, IDirectory directory, DateOnly today,
        string? notice = null)
    {
        var body = new List<CardElement> { new TextBlock("Mes actions") { Size = "Large", Weight = "Bolder" } };
        if (notice is not null)
        {
            body.Add(new TextBlock(notice) { Color = "Good", Weight = "Bolder" });
        }
        body.Add(CardText.Literal($"Actions confiées à {organisationName} dans les diagnostics partagés du GPO.", subtle: true));
        if (items.Count == 0)
        {
            body.Add(new TextBlock("Aucune action ne vous est confiée pour l'instant."));
        }
        foreach (var item in items)
        {
            var view = item.View;
            body.Add(new TextBlock($"Diagnostic {view.Number} — {directory.FindSector(view.SectorId)?.Name ?? view.SectorId}") { Weight = "Bolder", Spacing = "Large", Separator = true });
            body.Add(CardText.Literal(view.Title, Diagnostic.TitleMaxLength));
            body.AddRange(DiagnosticCards.Template(view.Template));
            if (view.LinkedIssues.Count > 0)
            {
                body.Add(new TextBlock("Signalements liés : " + string.Join(", ", view.LinkedIssues)) { IsSubtle = true });
            }
            body.AddRange(DiagnosticCards.ActionPlan(item.OwnActions, directory, today, "Vos actions"));
            var buttons = item.OwnActions.Where(a => !a.IsDone)
                .Select(a => (CardAction)CardExtensions.Execute($"Marquer {a.Id} comme fait", ActionIds.DiagnosticPartner.Done,
                    new DiagnosticRef(view.SectorId, view.Number, view.Version).ToData(a.Id), associatedInputs: "none"))
                .ToList();
            if (buttons.Count > 0)
            {
                body.Add(new ActionSet { Actions = buttons });
            }
        }
        return new AdaptiveCard
        {
            FallbackText = "Mes actions",
            Body = body,
            Actions = [CardExtensions.Execute("Actualiser", ActionIds.DiagnosticPartner.MyActions, [], associatedInputs: "none")],
        };
    }

    /// <summary>"Marquer comme fait" with a comment (mandatory: it tells the GPO what was done).</summary>
    public static AdaptiveCard MarkDoneForm(PartnerDiagnosticView view, DiagnosticAction action, IDirectory directory, DateOnly today, string? comment = null,
        string? error = null)
    {
        var body = new List<CardElement>
        {
            new TextBlock($"Action {action.Id} — diagnostic {view.Number}") { Size = "Large", Weight = "Bolder" },
            CardText.Literal(view.Title, Diagnostic.TitleMaxLength, subtle: true),
            CardText.Literal(action.Text, Diagnostic.ActionTextMaxLength),
            new TextBlock(CardParts.ActionFacts(action, directory, today)) { IsSubtle = true, Spacing = "None" },
            new TextInput { Id = DiagnosticFields.Comment, Label = "Ce qui a été fait (partagé avec le GPO)", IsMultiline = true,
                MaxLength = Diagnostic.CommentMaxLength, Value = comment },
        };
        if (error is not null)
        {
            body.Add(FormCards.ErrorLine(DiagnosticFields.Comment, error));
        }
        var data = new DiagnosticRef(view.SectorId, view.Number, view.Version).ToData(action.Id);
        return new AdaptiveCard
        {
            FallbackText = $"Action {action.Id} du diagnostic {view.Number}",
            Body = body,
            Actions = FormCards.SubmitOrCancel("Marquer comme fait", ActionIds.DiagnosticPartner.DoneSubmit, data, ActionIds.DiagnosticPartner.MyActions, cancelData: []),
        };
    }

    /// <summary>The short partner survey: the method's question and one button per answer.</summary>
    public static AdaptiveCard Survey(PartnerDiagnosticView view, EvaluationMethod method, IDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(method);
        var reference = new DiagnosticRef(view.SectorId, view.Number, view.Version);
        return new AdaptiveCard
        {
            FallbackText = $"Enquête sur le diagnostic {view.Number}",
            Body =
            [
                new TextBlock($"Enquête — diagnostic {view.Number}") { Size = "Large", Weight = "Bolder" },
                new TextBlock($"Secteur {directory.FindSector(view.SectorId)?.Name ?? view.SectorId}") { IsSubtle = true, Spacing = "None" },
                CardText.Literal(view.Title, Diagnostic.TitleMaxLength),
                CardText.Literal(method.Question ?? "La situation s'est-elle améliorée ?"),
            ],
            Actions = [.. method.Answers.Select(answer =>
            {
                var data = reference.ToData();
                data[DiagnosticFields.Answer] = answer;
                return (CardAction)CardExtensions.Execute(answer, ActionIds.DiagnosticPartner.SurveyAnswer, data, associatedInputs: "none");
            })],
        };
    }

    public static AdaptiveCard SurveyThanks(PartnerDiagnosticView view, string answer) => new()
    {
        FallbackText = "Merci pour votre réponse",
        Body =
        [
            new TextBlock($"Merci pour votre réponse — diagnostic {view.Number}") { Weight = "Bolder" },
            CardText.Literal("Votre réponse : " + answer),
            new TextBlock("Vous pouvez la changer tant que l'évaluation est en cours : seule la dernière réponse compte.") { IsSubtle = true },
        ],
    };

    /// <summary>The reminder before an action's due date, in the owner's people's personal chats.</summary>
    public static AdaptiveCard ActionReminder(PartnerDiagnosticView view, DiagnosticAction action, IDirectory directory, DateOnly today)
    {
        var when = DiagnosticCards.DueIn(action.DueDate, today);
        return new AdaptiveCard
        {
            FallbackText = $"Rappel : action {action.Id} à échéance {when}",
            Body = DiagnosticCards.ActionReminderLines($"Rappel : une action du diagnostic {view.Number} arrive à échéance {when}", view.Title, action,
                directory, today),
            Actions =
            [
                CardExtensions.Execute("Marquer comme fait", ActionIds.DiagnosticPartner.Done,
                    new DiagnosticRef(view.SectorId, view.Number, view.Version).ToData(action.Id), "positive", associatedInputs: "none"),
                CardExtensions.Execute("Mes actions", ActionIds.DiagnosticPartner.MyActions, new JsonObject(), associatedInputs: "none"),
            ],
        };
    }

    /// <summary>A partner's view of a diagnostic with a notice (e.g. a refusal), for the partner-side buttons.</summary>
    public static AdaptiveCard Notice(string text) => new()
    {
        FallbackText = text,
        Body = [new TextBlock(text)],
        Actions = [CardExtensions.Execute("Mes actions", ActionIds.DiagnosticPartner.MyActions, [], associatedInputs: "none")],
    };
}

using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Bot.Referent;

/// <summary>Input ids of the referent's forms and of the partner's answers (French on the wire).</summary>
public static class ReferentFields
{
    public const string Type = "type";
    public const string Date = "date";
    public const string Summary = "resume";
    public const string Note = "note";
    public const string Question = "question";
    public const string Reason = "motif";
    public const string TargetSector = "secteurCible";
    public const string Outcome = "issue";
    public const string DuplicateOf = "doublonDe";
    public const string Message = "message";
    public const string Answer = "reponse";
    /// <summary>In a partner's answer: the id of the question's event.</summary>
    public const string QuestionId = "questionId";
}

/// <summary>Closure outcomes as offered on the form.</summary>
public static class CloseOutcomes
{
    public static IReadOnlyDictionary<string, IssueOutcome> ByValue { get; } = new Dictionary<string, IssueOutcome>
    {
        ["resolu"] = IssueOutcome.Resolved,
        ["non-resolu"] = IssueOutcome.NotResolved,
        ["hors-competence"] = IssueOutcome.OutOfScope,
        ["doublon"] = IssueOutcome.Duplicate,
    };
}

/// <summary>
/// The referent's sub-forms (each replaces the issue card for the clicker; "Annuler" brings the
/// current card back) and the cards of the partner's side (question, thanks) and of the thread.
/// </summary>
public static class ReferentCards
{
    public static AdaptiveCard ResponseForm(Issue issue, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors,
        int textMaxLength) => Form(issue, "Réponse ciblée", ActionIds.Issue.ResponseSubmit, "Enregistrer la réponse", errors,
    [
        new TextBlock("Ce que vous indiquez dans « Message au partenaire » lui est envoyé ; la note police reste interne.") { IsSubtle = true },
        new ChoiceSetInput { Id = ReferentFields.Type, Label = "Type de réponse", Choices = [.. TargetedResponseTypes.All.Select(t => new Choice(t.Label, t.Value))], Value = FormCards.Value(values, ReferentFields.Type), Style = "compact", Placeholder = "Choisissez" },
        new DateInput { Id = ReferentFields.Date, Label = "Date de l'action", Value = FormCards.Value(values, ReferentFields.Date) },
        new TextInput { Id = ReferentFields.Summary, Label = "Message au partenaire", IsMultiline = true, MaxLength = textMaxLength, Value = FormCards.Value(values, ReferentFields.Summary),
            Placeholder = "Ex. : une patrouille est passée trois soirs cette semaine." },
        new TextInput { Id = ReferentFields.Note, Label = "Note police (facultative, jamais montrée au partenaire)", IsMultiline = true, MaxLength = textMaxLength, Value = FormCards.Value(values, ReferentFields.Note) },
    ]);

    public static AdaptiveCard ClarifyForm(Issue issue, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors, int textMaxLength) =>
        Form(issue, "Demander une précision", ActionIds.Issue.ClarifySubmit, "Envoyer la question", errors,
        [
            new TextBlock("La question est envoyée au partenaire dans sa conversation avec le bot ; sa réponse sera publiée dans ce fil.") { IsSubtle = true },
            new TextInput { Id = ReferentFields.Question, Label = "Votre question", IsMultiline = true, MaxLength = textMaxLength, Value = FormCards.Value(values, ReferentFields.Question) },
        ]);

    public static AdaptiveCard PauseForm(Issue issue, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors, int reasonMaxLength) =>
        Form(issue, "Suspendre le délai", ActionIds.Issue.PauseSubmit, "Suspendre", errors,
        [
            new TextBlock("Les relances s'arrêtent pendant la pause ; le signalement reste visible comme « en pause » dans les statistiques.") { IsSubtle = true },
            new TextInput { Id = ReferentFields.Reason, Label = "Motif (obligatoire)", IsMultiline = true, MaxLength = reasonMaxLength, Value = FormCards.Value(values, ReferentFields.Reason),
                Placeholder = "Ex. : enquête judiciaire en cours" },
        ]);

    public static AdaptiveCard TransferForm(Issue issue, IDirectory directory, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors,
        int textMaxLength) => Form(issue, "Transférer vers un autre secteur", ActionIds.Issue.TransferSubmit, "Transférer", errors,
    [
        new ChoiceSetInput
        {
            Id = ReferentFields.TargetSector,
            Label = "Secteur destinataire",
            Choices = [.. directory.Sectors.Where(s => s.Id != issue.SectorId).Select(s => new Choice(s.Name, s.Id))],
            Value = FormCards.Value(values, ReferentFields.TargetSector),
            Style = "compact",
            Placeholder = "Choisissez",
        },
        new TextInput { Id = ReferentFields.Reason, Label = "Motif (facultatif)", IsMultiline = true, MaxLength = textMaxLength, Value = FormCards.Value(values, ReferentFields.Reason) },
    ]);

    public static AdaptiveCard CloseForm(Issue issue, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors, int textMaxLength) =>
        Form(issue, "Clôturer le signalement", ActionIds.Issue.CloseSubmit, "Clôturer", errors,
        [
            new ChoiceSetInput
            {
                Id = ReferentFields.Outcome,
                Label = "Issue",
                Choices = [.. CloseOutcomes.ByValue.Select(o => new Choice(o.Value.ToFrench(), o.Key))],
                Value = FormCards.Value(values, ReferentFields.Outcome),
                Style = "expanded",
            },
            new TextInput { Id = ReferentFields.DuplicateOf, Label = "Doublon de (numéro, si « Doublon »)", Placeholder = "05-2026-0042", MaxLength = 20, Value = FormCards.Value(values, ReferentFields.DuplicateOf) },
            new TextInput { Id = ReferentFields.Message, Label = "Message au partenaire (facultatif)", IsMultiline = true, MaxLength = textMaxLength, Value = FormCards.Value(values, ReferentFields.Message) },
        ]);

    /// <summary>The police's question in the partner's chat, with a text input and "Répondre".</summary>
    public static AdaptiveCard ClarificationQuestion(IssueNumber number, string questionId, string question, int answerMaxLength,
        string? answer = null, string? error = null)
    {
        var body = new List<CardElement>
        {
            new TextBlock($"Question sur votre signalement {number}") { Weight = "Bolder" },
            new TextBlock("Le policier référent vous demande une précision :"),
            CardText.Literal(question),
            new TextInput { Id = ReferentFields.Answer, Label = "Votre réponse", IsMultiline = true, MaxLength = answerMaxLength, Value = answer },
        };
        if (error is not null)
        {
            body.Add(FormCards.ErrorLine(ReferentFields.Answer, error));
        }
        var data = new JsonObject { [IssueRef.NumberField] = number.ToString(), [ReferentFields.QuestionId] = questionId };
        return new AdaptiveCard
        {
            FallbackText = $"Question sur votre signalement {number}",
            Body = body,
            Actions = [CardExtensions.Execute("Répondre", ActionIds.Partner.ClarificationAnswer, data, "positive")],
        };
    }

    /// <summary>What the partner sees after answering (a question or the follow-up).</summary>
    public static AdaptiveCard Thanks(string title, string text) => new()
    {
        FallbackText = title,
        Body = [new TextBlock(title) { Weight = "Bolder" }, new TextBlock(text)],
    };

    /// <summary>A post in the issue's thread, @mentioning the referent; <paramref name="userText"/> is shown literally.</summary>
    public static AdaptiveCard ThreadNote(Issue issue, IDirectory directory, string text, string? userText = null)
    {
        var referent = directory.FindSector(issue.SectorId) is { } sector ? directory.FindStaff(sector.ReferentObjectId) : null;
        var mention = referent is null ? null : new CardMention
        {
            Text = $"<at>{referent.DisplayName}</at>",
            Mentioned = new CardMentioned { Id = referent.ObjectId, Name = referent.DisplayName },
        };
        var body = new List<CardElement> { new TextBlock(mention is null ? text : $"{mention.Text} {text}") };
        if (!string.IsNullOrWhiteSpace(userText))
        {
            body.Add(CardText.Literal(userText));
        }
        return new AdaptiveCard
        {
            FallbackText = text,
            Body = body,
            MsTeams = mention is null ? null : new TeamsCardProperties { Entities = [mention] },
        };
    }

    private static AdaptiveCard Form(Issue issue, string title, string submitVerb, string submitTitle, IReadOnlyDictionary<string, string> errors,
        IReadOnlyList<CardElement> fields)
    {
        var reference = IssueRef.Of(issue).ToData();
        return FormCards.SubForm(new TextBlock($"Signalement {issue.Number} — {title}") { Size = "Medium", Weight = "Bolder" },
            CardText.Literal(issue.Description, maxLength: 200, subtle: true), fields, errors,
            FormCards.SubmitOrCancel(submitTitle, submitVerb, reference, ActionIds.Issue.Refresh));
    }
}

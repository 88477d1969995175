using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Bot.Referent;

/// <summary>
/// The partner's answers in their personal chat: the answer to a police question (added to the
/// timeline and posted in the issue's thread) and the follow-up after closure ("Oui" reopens the issue
/// with a new clock and tells the referent in the thread; every answer is an event the statistics read).
/// The issue is found among the partner's own issues, so it is found after a transfer and no one else's.
/// </summary>
public sealed partial class PartnerAnswersFeature(
    IDirectory directory,
    IIssueRepository issues,
    IIssueEventRepository events,
    IIssueCards cards,
    IProactiveSender sender,
    IReminderScheduler reminders,
    IOptions<ReferentOptions> options,
    TimeProvider time,
    ILogger<PartnerAnswersFeature> logger) : IActionHandler
{
    private const int OwnIssuesScanned = 200;


    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (turn, user, verb, data) = (request.Turn, request.User, request.Id, request.Data);
        var issue = user.AadObjectId is { } objectId && IssueNumber.TryParse(FormValues.Text(data, IssueRef.NumberField), out var number)
            ? (await issues.ListByReporterAsync(objectId, OwnIssuesScanned, cancellationToken)).FirstOrDefault(i => i.Number == number)
            : null;
        if (issue is null)
        {
            return TurnAnswer.Text("Ce signalement ne fait pas partie des vôtres : rien n'a été enregistré.");
        }
        return verb == ActionIds.Partner.ClarificationAnswer
            ? await AnswerQuestionAsync(issue, data, cancellationToken)
            : await AnswerFollowUpAsync(issue, data, cancellationToken);
    }

    private async Task<TurnAnswer> AnswerQuestionAsync(Issue issue, JsonObject data, CancellationToken cancellationToken)
    {
        var questionId = FormValues.Text(data, ReferentFields.QuestionId) ?? "";
        var timeline = await events.ListAsync(issue.Number, partnerVisibleOnly: true, cancellationToken);
        var question = timeline.FirstOrDefault(e => e.Kind == IssueEventKind.ClarificationRequested && e.Id == questionId);
        if (question is null)
        {
            return TurnAnswer.Text("Cette question n'existe plus : rien n'a été enregistré.");
        }
        var answerId = "answer-" + questionId;
        if (timeline.Any(e => e.Id == answerId))
        {
            return Card(ReferentCards.Thanks("Réponse déjà transmise", $"Votre réponse à cette question sur le signalement {issue.Number} avait déjà été transmise au référent."));
        }
        var answer = (FormValues.Text(data, ReferentFields.Answer) ?? "").Trim();
        var max = options.Value.AnswerMaxLength;
        string? error = answer.Length == 0 ? "Écrivez votre réponse."
            : answer.Length > max ? $"Votre réponse ne doit pas dépasser {max} caractères (actuellement {answer.Length})." : null;
        if (error is not null)
        {
            return Card(ReferentCards.ClarificationQuestion(issue.Number, questionId, question.Payload ?? "", max, answer, error));
        }
        var recorded = issue.EventOf(IssueEventKind.ClarificationAnswered, issue.Reporter.ObjectId, time.GetUtcNow(), EventVisibility.PartnerVisible, answer)
            with { Id = answerId };
        await events.AppendAsync(recorded, cancellationToken);
        await PostInThreadAsync(issue, OutboxKeys.ClarificationAnswer(issue.Number, questionId),
            ReferentCards.ThreadNote(issue, directory, $"le partenaire a répondu à votre demande de précision sur le signalement {issue.Number} :", answer), cancellationToken);
        await cards.PublishAsync(issue, answerId, cancellationToken);
        LogAnswered(logger, issue.Number.ToString());
        return Card(ReferentCards.Thanks("Réponse transmise", $"Merci : votre réponse sur le signalement {issue.Number} a été transmise au référent."));
    }

    private async Task<TurnAnswer> AnswerFollowUpAsync(Issue issue, JsonObject data, CancellationToken cancellationToken)
    {
        if (!FollowUpAnswers.ByValue.TryGetValue(FormValues.Text(data, FollowUpAnswers.Field) ?? "", out var answer))
        {
            return TurnAnswer.Text("Réponse non reconnue : choisissez Oui, En partie ou Non.");
        }
        var version = FormValues.Text(data, IssueRef.VersionField) ?? "";
        var answerId = "followup-" + version;
        var timeline = await events.ListAsync(issue.Number, partnerVisibleOnly: true, cancellationToken);
        if (timeline.Any(e => e.Id == answerId) || issue.Status != IssueStatus.Closed || IssueVersion.Of(issue) != version)
        {
            return Card(ReferentCards.Thanks("Réponse déjà enregistrée", $"Votre réponse sur le signalement {issue.Number} avait déjà été enregistrée, ou le signalement a changé depuis cette question."));
        }
        var now = time.GetUtcNow();
        var current = issue;
        if (answer == FollowUpAnswer.Yes)
        {
            try
            {
                var reopened = await issues.ApplyAsync(issue.SectorId, issue.Number, i => IssueVersion.Of(i) == version
                    ? i.Reopen(issue.Reporter.ObjectId, now, "Le partenaire indique que le problème persiste.")
                    : throw new IssueRuleException("Ce signalement a changé depuis cette question."), cancellationToken);
                current = reopened?.Issue ?? issue;
            }
            catch (IssueRuleException)
            {
                return Card(ReferentCards.Thanks("Réponse déjà enregistrée", $"Le signalement {issue.Number} a changé depuis cette question : rien n'a été modifié."));
            }
        }
        await events.AppendAsync(IssueFollowUp.AnswerEvent(issue, answer, issue.Reporter.ObjectId, now) with { Id = answerId }, cancellationToken);
        if (answer == FollowUpAnswer.Yes)
        {
            await reminders.RescheduleAsync(current, cancellationToken);
            await PostInThreadAsync(current, OutboxKeys.Reopened(issue.Number, answerId), ReferentCards.ThreadNote(current, directory,
                $"le partenaire indique que le problème persiste : le signalement {issue.Number} est rouvert et attend une nouvelle réponse ciblée."), cancellationToken);
        }
        await cards.PublishAsync(current, answerId, cancellationToken);
        LogFollowUp(logger, issue.Number.ToString(), answer.ToString());
        return Card(ReferentCards.Thanks("Merci pour votre réponse", answer == FollowUpAnswer.Yes
            ? $"Le signalement {issue.Number} est rouvert : le référent police en est informé."
            : $"Votre réponse sur le signalement {issue.Number} est enregistrée."));
    }

    private async Task PostInThreadAsync(Issue issue, string key, AdaptiveCard card, CancellationToken cancellationToken)
    {
        if (issue.Thread is not { } thread || directory.FindSector(issue.SectorId) is not { } sector)
        {
            LogNoThread(logger, issue.Number.ToString());
            return;
        }
        await sender.ReplyInThreadAsync(key, ChannelAddress.Of(directory, sector), thread.ConversationId, thread.RootActivityId,
            card.ToMessage(summary: card.FallbackText), cancellationToken: cancellationToken);
    }

    private static TurnAnswer Card(AdaptiveCard card) => TurnAnswer.Card(card);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partner answered a question on {IssueNumber}")]
    private static partial void LogAnswered(ILogger logger, string issueNumber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partner follow-up on {IssueNumber}: {Answer}")]
    private static partial void LogFollowUp(ILogger logger, string issueNumber, string answer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Issue {IssueNumber} has no thread yet: the post for the referent was not made")]
    private static partial void LogNoThread(ILogger logger, string issueNumber);
}

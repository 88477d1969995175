using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Privacy;

namespace SecuriteQuotidien.Bot.Privacy;

/// <summary>
/// `effacer personne &lt;objectId&gt;` (administrators, 1:1 chat), the erasure request: a confirmation card saying what
/// will happen, then, once confirmed, the person's closed issues are anonymised, their identity is replaced by a
/// pseudonym on open issues (which the police keep working on), their conversation reference is deleted, and the
/// request is recorded in the audit trail (with the pseudonym, not the erased id).
/// </summary>
public sealed partial class PersonErasure(
    IDirectory directory,
    IIssueRepository issues,
    IssueAnonymisation anonymisation,
    PersonalDataRows rows,
    IConversationReferenceStore references,
    IAuditTrail audit,
    TimeProvider time,
    ILogger<PersonErasure> logger) : IActionHandler
{
    public const string ObjectIdField = "objectId";

    public const string Explanation =
        "Les signalements clos sont anonymisés : l'identité et les textes libres sont remplacés, les statistiques restent justes. "
        + "Les signalements en cours restent traités par la police avec leur description, mais l'identité de la personne en est retirée : "
        + "elle ne pourra plus être informée de leur avancement ni répondre aux questions du référent, et ils n'apparaîtront plus dans « mes signalements ».";
    public const string NoKey =
        "L'effacement est impossible : la clé de pseudonymisation (Retention:PseudonymKey) n'est pas configurée. Prévenez l'exploitant du bot.";
    public const string Usage = "Indiquez l'identifiant Entra (object id) de la personne, par exemple : « effacer personne 00000000-0000-4000-8000-000000000001 ».";
    public const string Cancelled = "Effacement annulé : rien n'a été modifié.";



    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Action.Kind == ActionKind.Command)
        {
            await HandleCommandAsync(request.Turn, request.User, request.Argument, cancellationToken);
            return TurnAnswer.None;
        }
        return await HandleVerbAsync(request.Turn, request.User, request.Id, request.Data, cancellationToken);
    }

    private async Task HandleCommandAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken)
    {
        if (AdminCommandGuard.Refusal(turn, user) is { } refusal)
        {
            await turn.ReplyAsync(AdminCommandGuard.Text(refusal), cancellationToken);
            return;
        }
        if (!Guid.TryParse(argument.Trim(), out var id))
        {
            await turn.ReplyAsync(AdminCommandGuard.Text(Usage), cancellationToken);
            return;
        }
        if (!anonymisation.IsConfigured)
        {
            await turn.ReplyAsync(AdminCommandGuard.Text(NoKey), cancellationToken);
            return;
        }
        var objectId = id.ToString("D");
        var reported = await issues.ListByReporterAsync(objectId, PersonDataCommand.MaxIssues, cancellationToken);
        var reference = await references.FindUserAsync(directory.TenantId, objectId, cancellationToken);
        var card = PrivacyCards.ErasureConfirmation(objectId, directory.FindPartner(objectId)?.DisplayName,
            reported.Count(i => !i.IsOpen), reported.Count(i => i.IsOpen), reference is not null);
        await turn.ReplyAsync(card.ToMessage(), cancellationToken);
    }

    private async Task<TurnAnswer> HandleVerbAsync(TurnContext turn, BotUser user, string verb, JsonObject data, CancellationToken cancellationToken)
    {
        if (AdminCommandGuard.Refusal(turn, user) is { } refusal)
        {
            return TurnAnswer.Text(refusal);
        }
        if (!Guid.TryParse(FormValues.Text(data, ObjectIdField), out var id))
        {
            return TurnAnswer.Text(Usage);
        }
        if (verb == ActionIds.Privacy.ErasureCancel)
        {
            return TurnAnswer.Text(Cancelled);
        }
        if (!anonymisation.IsConfigured)
        {
            return TurnAnswer.Text(NoKey);
        }
        var objectId = id.ToString("D");
        var reported = await issues.ListByReporterAsync(objectId, PersonDataCommand.MaxIssues, cancellationToken);
        var anonymised = 0;
        var redacted = 0;
        foreach (var issue in reported)
        {
            if (!issue.IsOpen && await anonymisation.AnonymiseClosedAsync(issue.SectorId, issue.Number, cancellationToken))
            {
                anonymised++;
            }
            else if (issue.IsOpen)
            {
                await anonymisation.RedactPersonAsync(issue.SectorId, issue.Number, objectId, cancellationToken);
                redacted++;
            }
        }
        var conversationDeleted = await rows.DeleteUserConversationAsync(directory.TenantId, objectId, cancellationToken);
        await audit.RecordAsync(user.AadObjectId!, AuditAction.ErasureRequest, time.GetUtcNow(), anonymisation.Pseudonym(objectId),
            $"{anonymised} signalements anonymisés, {redacted} signalements en cours sans identité", cancellationToken);
        LogErased(logger, anonymised, redacted, conversationDeleted);
        var done = PrivacyCards.ErasureDone(anonymised, redacted, conversationDeleted, directory.FindPartner(objectId) is not null);
        return TurnAnswer.Card(done);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure request done: {Anonymised} closed issues anonymised, {Redacted} open issues redacted, conversation deleted: {ConversationDeleted}")]
    private static partial void LogErased(ILogger logger, int anonymised, int redacted, bool conversationDeleted);
}

using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;

namespace SecuriteQuotidien.Bot.Privacy;

/// <summary>
/// "Masquer un passage" on the issue's root card: the sector's police (same rule as the other actions) pick a
/// passage of the partner's text; every occurrence becomes "[masqué]" in the issue, which is all a partner sees;
/// the original stays in the police-only layer and shows on the root card with a marker. The timeline records
/// who masked and when (not the passage), and so does the audit trail.
/// </summary>
public sealed partial class MaskPassageFeature(
    IIssueRepository issues,
    IPoliceOnlyTextStore policeTexts,
    IIssueCards cards,
    IAuditTrail audit,
    TimeProvider time,
    ILogger<MaskPassageFeature> logger) : IActionHandler
{
    public const string PassageField = "passage";
    public const string FoundField = "passageRepere";
    public const string EventText = "Un passage du texte a été masqué pour le partenaire.";
    public const string NotFound =
        "Ce passage ne figure pas dans le texte du signalement : recopiez-le exactement (majuscules et ponctuation comprises).";
    public const string Anonymised = "Ce signalement est anonymisé : il n'y a plus rien à masquer.";


    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (turn, user, verb, data) = (request.Turn, request.User, request.Id, request.Data);
        // The kernel read the issue and admitted the police of its sector (declared in the registration).
        if (request.Target is not IssueTarget { Issue: var issue } || user.AadObjectId is not { } actor)
        {
            return TurnAnswer.Text(IssueAnswers.NoIssue);
        }
        if (IssueAnonymiser.IsAnonymised(issue))
        {
            return TurnAnswer.Text(Anonymised);
        }
        var now = time.GetUtcNow();
        await audit.RecordIssueReadAsync(actor, issue, verb, now, cancellationToken);
        var layer = await policeTexts.GetAsync(issue.Number, cancellationToken) ?? PoliceOnlyText.Of(issue);
        if (verb == ActionIds.Issue.Mask)
        {
            return Card(PrivacyCards.MaskForm(issue, layer, null, null));
        }

        var typed = (FormValues.Text(data, PassageField) ?? "").Trim();
        var passage = typed.Length > 0 ? typed : (FormValues.Text(data, FoundField) ?? "").Trim();
        var error = passage.Length == 0 ? "Choisissez ou recopiez le passage à masquer."
            : passage.Length > PoliceOnlyText.PassageMaxLength ? $"Le passage ne doit pas dépasser {PoliceOnlyText.PassageMaxLength} caractères."
            : !layer.Contains(passage) ? NotFound
            : null;
        if (error is not null)
        {
            return Card(PrivacyCards.MaskForm(issue, layer, typed, error));
        }

        // The original is kept durably before the issue loses it.
        var masked = layer.With(passage);
        await policeTexts.SaveAsync(masked, cancellationToken);
        var eventId = IssueVersion.EventIdOf(ActionIds.Issue.MaskSubmit, issue.Number, data);
        var change = await issues.ApplyAsync(issue.SectorId, issue.Number, i => new IssueChange(
            i with { Description = masked.PartnerDescription, Effect = masked.PartnerEffect },
            i.EventOf(IssueEventKind.NoteAdded, actor, now, EventVisibility.PoliceOnly, EventText) with { Id = eventId }), cancellationToken);
        if (change is not { } applied)
        {
            return TurnAnswer.Text(IssueAnswers.Moved);
        }
        await audit.RecordAsync(new AuditEvent
        {
            ActorObjectId = actor,
            Action = AuditAction.IssueMasked,
            OccurredAt = now,
            IssueNumber = issue.Number.ToString(),
            Scope = issue.SectorId,
            Id = eventId,
        }, cancellationToken);
        await cards.PublishAsync(applied.Issue, eventId, cancellationToken);
        LogMasked(logger, issue.Number.ToString(), masked.MaskedPassages.Count);
        return Card(await cards.BuildAsync(applied.Issue, cancellationToken));
    }

    private static TurnAnswer Card(AdaptiveCard card) => TurnAnswer.Card(card);


    [LoggerMessage(Level = LogLevel.Information, Message = "Passage masked on {IssueNumber} ({PassageCount} passages masked in all)")]
    private static partial void LogMasked(ILogger logger, string issueNumber, int passageCount);
}

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Privacy;

namespace SecuriteQuotidien.Bot.Referent;

/// <summary>
/// The referent's buttons on the issue card: take in charge, targeted response, question to the
/// partner, pause / resume, transfer, closure. Only the sector's referent and deputy, the commissioner
/// and administrators may act. Each action is checked against the version of the state the card showed
/// (under the issue's ETag), records one event whose id derives from the click (a replay records
/// nothing more), updates the card in place for everyone and tells the partner when the step is theirs
/// to see. The answer to the clicker is the new card.
/// </summary>
public sealed partial class IssueActionsFeature(
    IDirectory directory,
    IIssueRepository issues,
    IIssueEventRepository events,
    IIssueCards cards,
    IPartnerNotifier partner,
    IReminderScheduler reminders,
    IAuditTrail audit,
    IClosedIssueIndex closedIssues,
    IOptions<ReferentOptions> options,
    TimeProvider time,
    ILogger<IssueActionsFeature> logger) : IActionHandler
{
    public const string StaleNotice = "Ce signalement a changé entre-temps : voici son état actuel. Votre action n'a pas été appliquée.";


    private ReferentOptions Limits => options.Value;

    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (user, verb, data) = (request.User, request.Id, request.Data);
        // The kernel read the issue by the card's sector and number; the card's version says which state it showed.
        var stored = ((IssueTarget)request.Target).Stored;
        var issue = stored.Issue;
        var reference = IssueRef.Read(data)! with { SectorId = issue.SectorId, Number = issue.Number };
        if (verb == ActionIds.Issue.Refresh)
        {
            // The refresh answer is shown to the caller alone: built for who they are.
            var view = request.SeesPoliceView ? IssueView.Police
                : request.Matched.HasFlag(Audience.Owner) ? IssueView.Reporter
                : IssueView.Shared;
            await audit.RecordIssueReadAsync(user.AadObjectId, issue, verb, time.GetUtcNow(), cancellationToken);
            return Card(await cards.BuildAsync(issue, cancellationToken, view: view));
        }
        // The kernel admitted the police of the issue's sector and the commissioner only.
        var actor = request.ActorId;
        await audit.RecordIssueReadAsync(actor, issue, verb, time.GetUtcNow(), cancellationToken);
        var eventId = IssueVersion.EventIdOf(verb, issue.Number, data);
        if (reference.Version != IssueVersion.Of(issue))
        {
            return await StaleAsync(stored, eventId, data, cancellationToken);
        }
        var values = ValuesOf(data);
        var now = time.GetUtcNow();
        return verb switch
        {
            ActionIds.Issue.Acknowledge => await ApplyAsync(reference, eventId, data, i => i.Acknowledge(actor, now), cancellationToken),
            ActionIds.Issue.Response => Card(ReferentCards.ResponseForm(issue, DefaultResponse(), NoErrors, Limits.TextMaxLength)),
            ActionIds.Issue.ResponseSubmit => await RespondAsync(issue, reference, eventId, data, values, actor, now, cancellationToken),
            ActionIds.Issue.Clarify => Card(ReferentCards.ClarifyForm(issue, NoErrors, NoErrors, Limits.TextMaxLength)),
            ActionIds.Issue.ClarifySubmit => await ClarifyAsync(issue, eventId, data, values, actor, now, cancellationToken),
            ActionIds.Issue.Pause => Card(ReferentCards.PauseForm(issue, NoErrors, NoErrors, Limits.PauseReasonMaxLength)),
            ActionIds.Issue.PauseSubmit => await PauseAsync(issue, reference, eventId, data, values, actor, now, cancellationToken),
            ActionIds.Issue.Resume => await ApplyAsync(reference, eventId, data, i => i.Resume(actor, now), cancellationToken),
            ActionIds.Issue.Transfer => Card(ReferentCards.TransferForm(issue, directory, NoErrors, NoErrors, Limits.TextMaxLength)),
            ActionIds.Issue.TransferSubmit => await TransferAsync(stored.Issue, reference, eventId, values, actor, now, cancellationToken),
            ActionIds.Issue.Close => Card(ReferentCards.CloseForm(issue, NoErrors, NoErrors, Limits.TextMaxLength)),
            ActionIds.Issue.CloseSubmit => await CloseAsync(issue, reference, eventId, data, values, actor, now, cancellationToken),
            _ => TurnAnswer.Text("Action inconnue."),
        };
    }

    private async Task<TurnAnswer> RespondAsync(Issue issue, IssueRef reference, string eventId, JsonObject data,
        Dictionary<string, string> values, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var type = TargetedResponseTypes.LabelOf(values[ReferentFields.Type]);
        if (type is null)
        {
            errors[ReferentFields.Type] = "Choisissez le type de réponse.";
        }
        var today = ParisTime.DateOf(now);
        var created = ParisTime.DateOf(issue.CreatedAt);
        if (!DateOnly.TryParseExact(values[ReferentFields.Date], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors[ReferentFields.Date] = "Indiquez une date valide.";
        }
        else if (date < created || date > today.AddDays(Limits.ResponseDateMaxDaysAhead))
        {
            errors[ReferentFields.Date] = $"La date doit être entre le {FrenchDateFormat.Long(created)} et le {FrenchDateFormat.Long(today.AddDays(Limits.ResponseDateMaxDaysAhead))}.";
        }
        FormValues.Required(values, ReferentFields.Summary, Limits.TextMaxLength, "Écrivez le message destiné au partenaire.", errors);
        FormValues.Bounded(values, ReferentFields.Note, Limits.TextMaxLength, errors);
        if (errors.Count > 0)
        {
            return Card(ReferentCards.ResponseForm(issue, values, errors, Limits.TextMaxLength));
        }
        var description = $"{type}, {FrenchDateFormat.Long(date)} : {values[ReferentFields.Summary].Trim()}";
        return await ApplyAsync(reference, eventId, data, i => i.EngageResponse(actor, now, description), cancellationToken);
    }

    private async Task<TurnAnswer> ClarifyAsync(Issue issue, string eventId, JsonObject data, Dictionary<string, string> values,
        string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        FormValues.Required(values, ReferentFields.Question, Limits.TextMaxLength, "Écrivez votre question.", errors);
        if (errors.Count > 0)
        {
            return Card(ReferentCards.ClarifyForm(issue, values, errors, Limits.TextMaxLength));
        }
        // No state changes: the question is an event of the timeline.
        var asked = issue.EventOf(IssueEventKind.ClarificationRequested, actor, now, EventVisibility.PartnerVisible, values[ReferentFields.Question].Trim())
            with { Id = eventId };
        await events.AppendAsync(asked, cancellationToken);
        await AfterAsync(issue, asked, data, cancellationToken);
        return Card(await cards.BuildAsync(issue, cancellationToken));
    }

    private async Task<TurnAnswer> PauseAsync(Issue issue, IssueRef reference, string eventId, JsonObject data,
        Dictionary<string, string> values, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        FormValues.Required(values, ReferentFields.Reason, Limits.PauseReasonMaxLength, "Indiquez le motif de la pause (par exemple : enquête judiciaire en cours).", errors);
        if (errors.Count > 0)
        {
            return Card(ReferentCards.PauseForm(issue, values, errors, Limits.PauseReasonMaxLength));
        }
        return await ApplyAsync(reference, eventId, data, i => i.Pause(actor, now, values[ReferentFields.Reason].Trim()), cancellationToken);
    }

    private async Task<TurnAnswer> CloseAsync(Issue issue, IssueRef reference, string eventId, JsonObject data,
        Dictionary<string, string> values, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var hasOutcome = CloseOutcomes.ByValue.TryGetValue(values[ReferentFields.Outcome], out var outcome);
        if (!hasOutcome)
        {
            errors[ReferentFields.Outcome] = "Choisissez l'issue du signalement.";
        }
        IssueNumber? duplicateOf = null;
        if (hasOutcome && outcome == IssueOutcome.Duplicate)
        {
            if (!IssueNumber.TryParse(values[ReferentFields.DuplicateOf], out var original) || original == issue.Number)
            {
                errors[ReferentFields.DuplicateOf] = "Indiquez le numéro du signalement dont celui-ci est le doublon (ex. : 05-2026-0042).";
            }
            else
            {
                duplicateOf = original;
            }
        }
        FormValues.Bounded(values, ReferentFields.Message, Limits.TextMaxLength, errors);
        if (errors.Count > 0)
        {
            return Card(ReferentCards.CloseForm(issue, values, errors, Limits.TextMaxLength));
        }
        var reason = string.Join(" — ", new[] { duplicateOf is { } d ? $"doublon de {d}" : null, NullIfBlank(values[ReferentFields.Message]) }.OfType<string>());
        return await ApplyAsync(reference, eventId, data, i => i.Close(actor, now, outcome, NullIfBlank(reason)), cancellationToken);
    }

    private async Task<TurnAnswer> TransferAsync(Issue issue, IssueRef reference, string eventId, Dictionary<string, string> values,
        string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var target = directory.FindSector(values[ReferentFields.TargetSector]);
        if (target is null || target.Id == issue.SectorId)
        {
            errors[ReferentFields.TargetSector] = "Choisissez le secteur destinataire.";
        }
        FormValues.Bounded(values, ReferentFields.Reason, Limits.TextMaxLength, errors);
        if (errors.Count > 0)
        {
            return Card(ReferentCards.TransferForm(issue, directory, values, errors, Limits.TextMaxLength));
        }
        IssueChange? change;
        try
        {
            change = await issues.TransferAsync(reference.SectorId, reference.Number,
                i => Versioned(i, reference, eventId, x => x.Transfer(target!.Id, actor, now, NullIfBlank(values[ReferentFields.Reason]))), cancellationToken);
        }
        catch (StaleCardException)
        {
            return await CurrentCardAsync(reference, StaleNotice, cancellationToken);
        }
        catch (IssueRuleException ex)
        {
            return await CurrentCardAsync(reference, ex.Message, cancellationToken);
        }
        if (change is not { } moved)
        {
            return TurnAnswer.Text(IssueAnswers.Moved);
        }
        // The old thread's card points to the new sector; the new sector's channel gets a thread with the history.
        var transferred = await cards.PublishTransferAsync(issue, moved.Issue, target!, eventId, cancellationToken);
        await reminders.RescheduleAsync(moved.Issue, cancellationToken);
        LogApplied(logger, ActionIds.Issue.TransferSubmit, issue.Number.ToString());
        return Card(transferred);
    }

    /// <summary>Applies a transition if the issue is still in the state the card showed; the event gets the click's id.</summary>
    private async Task<TurnAnswer> ApplyAsync(IssueRef reference, string eventId, JsonObject data, Func<Issue, IssueChange> transition,
        CancellationToken cancellationToken)
    {
        IssueChange? change;
        try
        {
            change = await issues.ApplyAsync(reference.SectorId, reference.Number, i => Versioned(i, reference, eventId, transition), cancellationToken);
        }
        catch (StaleCardException)
        {
            return await CurrentCardAsync(reference, StaleNotice, cancellationToken);
        }
        catch (IssueRuleException ex)
        {
            return await CurrentCardAsync(reference, ex.Message, cancellationToken);
        }
        if (change is not { } applied)
        {
            return TurnAnswer.Text(IssueAnswers.Moved);
        }
        LogApplied(logger, applied.Event.Kind.ToString(), reference.Number.ToString());
        await AfterAsync(applied.Issue, applied.Event, data, cancellationToken);
        return Card(await cards.BuildAsync(applied.Issue, cancellationToken));
    }

    private static IssueChange Versioned(Issue issue, IssueRef reference, string eventId, Func<Issue, IssueChange> transition)
    {
        if (IssueVersion.Of(issue) != reference.Version)
        {
            throw new StaleCardException();
        }
        var change = transition(issue);
        return change with { Event = change.Event with { Id = eventId } };
    }

    /// <summary>
    /// What follows a recorded action; every step is idempotent (keys per event), so it may run again.
    /// A police-only note of a targeted response is its own event, never sent to the partner.
    /// </summary>
    private async Task AfterAsync(Issue issue, IssueEvent recorded, JsonObject data, CancellationToken cancellationToken)
    {
        var values = ValuesOf(data);
        if (recorded.Kind == IssueEventKind.ResponseEngaged && NullIfBlank(values[ReferentFields.Note]) is { } note)
        {
            await events.AppendAsync(issue.EventOf(IssueEventKind.NoteAdded, recorded.ActorObjectId, recorded.OccurredAt, EventVisibility.PoliceOnly, note.Trim())
                with { Id = recorded.Id + "-note" }, cancellationToken);
        }
        if (recorded.Kind != IssueEventKind.ClarificationRequested)
        {
            await reminders.RescheduleAsync(issue, cancellationToken);
        }
        var partnerCard = recorded.Kind switch
        {
            IssueEventKind.Acknowledged => MessageCards.PartnerStep($"Signalement {issue.Number}",
                $"Votre signalement {issue.Number} a été pris en compte par la police."),
            IssueEventKind.ResponseEngaged => MessageCards.PartnerStep($"Signalement {issue.Number}",
                $"Une réponse ciblée a été engagée sur votre signalement {issue.Number} : {TargetedResponseTypes.LabelOf(values[ReferentFields.Type])?.ToLowerInvariant()}.",
                values[ReferentFields.Summary].Trim()),
            IssueEventKind.Closed => ClosedCard(issue, values),
            IssueEventKind.ClarificationRequested => ReferentCards.ClarificationQuestion(issue.Number, recorded.Id, recorded.Payload ?? "", Limits.AnswerMaxLength),
            _ => null,
        };
        if (partnerCard is not null)
        {
            await partner.SendAsync(issue, recorded.Id, partnerCard, cancellationToken);
        }
        if (recorded.Kind == IssueEventKind.Closed && issue.ClosedAt is { } closedAt)
        {
            // The retention worker finds closed issues by month of closure.
            await closedIssues.AddAsync(new ClosedIssueEntry(issue.SectorId, issue.Number, closedAt), cancellationToken);
        }
        if (recorded.Kind == IssueEventKind.Closed && issue.Outcome != IssueOutcome.Duplicate)
        {
            var timeline = await events.ListAsync(issue.Number, partnerVisibleOnly: false, cancellationToken);
            await partner.AskFollowUpAsync(issue, timeline.Count(e => e.Kind == IssueEventKind.Reopened), cancellationToken);
        }
        await cards.PublishAsync(issue, recorded.Id, cancellationToken);
    }

    private static AdaptiveCard ClosedCard(Issue issue, Dictionary<string, string> values)
    {
        var text = $"Votre signalement {issue.Number} est clos : {issue.Outcome?.ToFrench().ToLowerInvariant()}.";
        if (issue.Outcome == IssueOutcome.Duplicate && IssueNumber.TryParse(values[ReferentFields.DuplicateOf], out var original))
        {
            text += $" Il est suivi avec le signalement {original}.";
        }
        return MessageCards.PartnerStep($"Signalement {issue.Number}", text, NullIfBlank(values[ReferentFields.Message]));
    }

    /// <summary>
    /// A click on a card older than the issue: the current card. When the click's event is already in
    /// the timeline (a replay of an applied action), its follow-ups run again in case the first run was
    /// interrupted; their keys make that a no-op otherwise.
    /// </summary>
    private async Task<TurnAnswer> StaleAsync(StoredIssue stored, string eventId, JsonObject data, CancellationToken cancellationToken)
    {
        var issue = stored.Issue;
        var timeline = await events.ListAsync(issue.Number, partnerVisibleOnly: false, cancellationToken);
        if (stored.LastEvent is { } last && last.Id == eventId && timeline.All(e => e.Id != eventId))
        {
            // The first attempt changed the issue and stopped before its timeline entry: complete it now.
            await events.AppendAsync(last, cancellationToken);
            timeline = [.. timeline, last];
        }
        if (timeline.FirstOrDefault(e => e.Id == eventId) is { } recorded)
        {
            await AfterAsync(issue, recorded, data, cancellationToken);
            return Card(await cards.BuildAsync(issue, cancellationToken));
        }
        return Card(await cards.BuildAsync(issue, cancellationToken, StaleNotice));
    }

    private async Task<TurnAnswer> CurrentCardAsync(IssueRef reference, string notice, CancellationToken cancellationToken)
    {
        var stored = await issues.GetAsync(reference.SectorId, reference.Number, cancellationToken);
        return stored is null ? TurnAnswer.Text(IssueAnswers.Moved) : Card(await cards.BuildAsync(stored.Issue, cancellationToken, notice));
    }

    private Dictionary<string, string> DefaultResponse() => new()
    {
        [ReferentFields.Date] = ParisTime.DateOf(time.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private static readonly string[] FormFields =
    [
        ReferentFields.Type, ReferentFields.Date, ReferentFields.Summary, ReferentFields.Note, ReferentFields.Question, ReferentFields.Reason,
        ReferentFields.TargetSector, ReferentFields.Outcome, ReferentFields.DuplicateOf, ReferentFields.Message,
    ];

    /// <summary>The form's inputs as text ("" when missing or not text: a forged value is treated as empty).</summary>
    private static Dictionary<string, string> ValuesOf(JsonObject data) => FormValues.Read(data, FormFields);

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();

    private static TurnAnswer Card(AdaptiveCard card) => TurnAnswer.Card(card);

    private sealed class StaleCardException() : Exception("The issue changed since the card was shown.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Issue card action {Verb} refused on {IssueNumber}: not a police officer of the sector")]
    private static partial void LogRefused(ILogger logger, string verb, string issueNumber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issue card action {Action} applied on {IssueNumber}")]
    private static partial void LogApplied(ILogger logger, string action, string issueNumber);
}

using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;

namespace SecuriteQuotidien.Bot.Meetings;

/// <summary>
/// The GPO meeting kit of a sector: the agenda of the next meeting (from the day after the last recorded
/// meeting) and the minutes, whose decisions become actions of diagnostics or updates of issues. Applying is
/// idempotent: each decision is marked applied in the stored minutes, and submitting the same minutes again
/// applies only what is left. An issue update follows the referent's own path: its reminders are replanned, a closure is
/// indexed for retention, and the reporting partner gets one message per decision with its partner-visible text (never a
/// police-only note, nothing for a restricted-category issue), then after a closure the usual delayed follow-up question.
/// </summary>
public sealed partial class MeetingService(
    IDirectory directory,
    IDiagnosticRepository diagnostics,
    IMeetingRepository meetings,
    IIssueRepository issues,
    IIssueEventRepository events,
    IDiagnosticCardPublisher diagnosticCards,
    PartnerConfidentiality confidentiality,
    IIssueCards issueCards,
    IPartnerNotifier partners,
    IReminderScheduler reminders,
    IClosedIssueIndex closedIssues,
    IOptions<MeetingsOptions> options,
    TimeProvider time,
    ILogger<MeetingService> logger)
{
    /// <summary>Today in the department's time zone.</summary>
    public DateOnly Today => directory.LocalDateOf(time.GetUtcNow());

    /// <summary>The agenda of the sector's next meeting; <paramref name="partnerSafe"/> for the version shared with partners.</summary>
    public async Task<MeetingAgenda> AgendaAsync(string sectorId, bool partnerSafe, CancellationToken cancellationToken)
    {
        var today = Today;
        var last = await meetings.LastMeetingDateAsync(sectorId, today, cancellationToken);
        var facts = (await issues.ListBySectorAsync(sectorId, cancellationToken)).Select(i => IssueFacts.From(i, directory.TimeZone)).ToList();
        var sectorDiagnostics = (await diagnostics.ListBySectorAsync(sectorId, cancellationToken)).Select(s => s.Diagnostic);
        return MeetingAgendaBuilder.Build(sectorId, last, today, facts, sectorDiagnostics, directory, partnerSafe ? confidentiality : null);
    }

    public async Task<AdaptiveCard> AgendaCardAsync(string sectorId, bool partnerSafe, CancellationToken cancellationToken) =>
        MeetingCards.Agenda(await AgendaAsync(sectorId, partnerSafe, cancellationToken), directory, Today);

    public async Task<AdaptiveCard> MinutesFormAsync(Sector sector, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors,
        CancellationToken cancellationToken)
    {
        var open = await diagnostics.ListOpenAsync([sector.Id], cancellationToken);
        return MeetingCards.MinutesForm(sector, [.. open.Select(s => s.Diagnostic)], directory, Today, options.Value.MinutesDecisionSlots, values, errors);
    }

    /// <summary>Validates, saves and applies the minutes; the answer is the recorded minutes, or the form with the problems.</summary>
    public async Task<AdaptiveCard> RecordAsync(Sector sector, DiagnosticActor actor, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var today = Today;
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string>();
        if (!FormValues.TryDate(values.GetValueOrDefault(MeetingFields.MeetingDate), out var date) || date > today)
        {
            errors[MeetingFields.MeetingDate] = "Indiquez la date de la réunion (aujourd'hui ou avant).";
        }
        var decisions = ReadDecisions(values, options.Value.MinutesDecisionSlots, errors);
        var minutes = new MeetingMinutes
        {
            SectorId = sector.Id,
            MeetingDate = date,
            RecordedBy = actor.ObjectId,
            RecordedAt = now,
            Attendees = [.. (values.GetValueOrDefault(MeetingFields.Attendees) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            Summary = values.GetValueOrDefault(MeetingFields.Summary)?.Trim() ?? "",
            Decisions = decisions,
        };
        var problems = minutes.Validate();
        if (problems.Count > 0)
        {
            errors["general"] = string.Join(" ", problems);
        }
        if (errors.Count > 0)
        {
            return await MinutesFormAsync(sector, values, errors, cancellationToken);
        }
        // A repeated submit finds the minutes already saved and applies what is left of them.
        string etag;
        if (await meetings.GetMinutesAsync(sector.Id, date, cancellationToken) is { } existing)
        {
            (minutes, etag) = existing;
        }
        else
        {
            etag = await meetings.SaveMinutesAsync(minutes, null, cancellationToken);
        }
        var outcomes = new List<DecisionOutcome>();
        foreach (var decision in minutes.Decisions)
        {
            if (decision.AppliedAt is not null)
            {
                outcomes.Add(new DecisionOutcome(decision, "Appliquée."));
                continue;
            }
            var (result, applied, reference) = await ApplyAsync(sector.Id, minutes.MeetingDate, decision, actor, now, cancellationToken);
            outcomes.Add(new DecisionOutcome(decision, result));
            if (applied)
            {
                minutes = minutes.MarkApplied(decision.Id, now, reference);
                etag = await meetings.SaveMinutesAsync(minutes, etag, cancellationToken);
            }
        }
        LogRecorded(logger, sector.Id, minutes.Decisions.Count);
        return MeetingCards.MinutesRecorded(minutes, directory, outcomes);
    }

    private static List<MinutesDecision> ReadDecisions(IReadOnlyDictionary<string, string> values, int slots, Dictionary<string, string> errors)
    {
        var decisions = new List<MinutesDecision>();
        for (var i = 1; i <= slots; i++)
        {
            string V(string part) => values.GetValueOrDefault(MeetingFields.Decision(i, part))?.Trim() ?? "";
            var text = V("texte");
            if (text.Length == 0)
            {
                continue;
            }
            var id = $"M{decisions.Count + 1}";
            switch (V("type"))
            {
                case "action":
                    DiagnosticNumber.TryParse(V("diagnostic"), out var number);
                    FormValues.TryDate(V("echeance"), out var due);
                    if (number == default || V("porteur").Length == 0 || due == default)
                    {
                        errors[MeetingFields.Decision(i, "texte")] = "Pour une action, choisissez le diagnostic, le porteur et l'échéance.";
                        continue;
                    }
                    decisions.Add(MinutesDecision.NewAction(id, text, number, V("porteur"), due));
                    break;
                case "signalement":
                    IssueUpdateKind? update = V("maj") switch
                    {
                        "note" => IssueUpdateKind.Note,
                        "reponse" => IssueUpdateKind.TargetedResponse,
                        "cloture-resolu" or "cloture-non-resolu" => IssueUpdateKind.Close,
                        _ => null,
                    };
                    IssueOutcome? outcome = V("maj") switch
                    {
                        "cloture-resolu" => IssueOutcome.Resolved,
                        "cloture-non-resolu" => IssueOutcome.NotResolved,
                        _ => null,
                    };
                    if (MeetingCards.ParseIssue(V("signalement")) is not { } issue || update is null)
                    {
                        errors[MeetingFields.Decision(i, "texte")] = "Pour une mise à jour, indiquez le numéro du signalement et la mise à jour.";
                        continue;
                    }
                    decisions.Add(MinutesDecision.UpdateIssue(id, text, issue, update.Value, outcome));
                    break;
                default:
                    decisions.Add(MinutesDecision.Note(id, text));
                    break;
            }
        }
        return decisions;
    }

    /// <summary>Applies one decision; returns the French result, whether it is applied for good, and its reference.</summary>
    private async Task<(string Result, bool Applied, string? Reference)> ApplyAsync(string sectorId, DateOnly meetingDate, MinutesDecision decision,
        DiagnosticActor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            switch (decision.Kind)
            {
                case DecisionKind.NewAction:
                    if (directory.Organisations.All(o => o.Id != decision.Owner) && decision.Owner != DiagnosticAction.PoliceOwner)
                    {
                        return ("Non appliquée : porteur inconnu.", false, null);
                    }
                    // Minutes apply to the diagnostic as it is now, whatever version the form showed.
                    var stored = await diagnostics.ApplyAsync(sectorId, decision.Diagnostic!.Value,
                        d => d.AddAction(actor, d.Version, now, decision.Text, decision.Owner!, decision.DueDate!.Value), cancellationToken);
                    if (stored is null)
                    {
                        return ($"Non appliquée : le diagnostic {decision.Diagnostic} n'existe pas dans ce secteur.", false, null);
                    }
                    await diagnosticCards.PublishAsync(stored.Diagnostic, cancellationToken);
                    var added = stored.Diagnostic.Actions[^1];
                    return ($"Action {added.Id} ajoutée au diagnostic {decision.Diagnostic}.", true, added.Id);
                case DecisionKind.IssueUpdate:
                    return await UpdateIssueAsync(sectorId, meetingDate, decision, actor, now, cancellationToken);
                default:
                    return ("Décision notée.", true, null);
            }
        }
        catch (DiagnosticRuleException ex)
        {
            return ("Non appliquée : " + ex.Message, false, null);
        }
        catch (IssueRuleException ex)
        {
            return ("Non appliquée : " + ex.Message, false, null);
        }
    }

    private async Task<(string, bool, string?)> UpdateIssueAsync(string sectorId, DateOnly meetingDate, MinutesDecision decision, DiagnosticActor actor,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var number = decision.Issue!.Value;
        if (await issues.GetAsync(sectorId, number, cancellationToken) is not { } stored)
        {
            return ($"Non appliquée : le signalement {number} n'est pas dans ce secteur.", false, null);
        }
        // The event id names the decision: applying the same minutes again records nothing more.
        var eventId = $"gpo-{meetingDate:yyyyMMdd}-{decision.Id}";
        var text = $"Décision du GPO du {meetingDate:dd/MM/yyyy} : {decision.Text}";
        Issue issue;
        if (decision.IssueUpdate == IssueUpdateKind.Note)
        {
            await events.AppendAsync(stored.Issue.EventOf(IssueEventKind.NoteAdded, actor.ObjectId, now, EventVisibility.PoliceOnly, text) with { Id = eventId },
                cancellationToken);
            issue = stored.Issue;
        }
        else
        {
            var change = await issues.ApplyAsync(sectorId, number, i =>
            {
                var c = decision.IssueUpdate == IssueUpdateKind.TargetedResponse
                    ? i.EngageResponse(actor.ObjectId, now, text)
                    : i.Close(actor.ObjectId, now, decision.Outcome ?? IssueOutcome.Resolved, text);
                return c with { Event = c.Event with { Id = eventId } };
            }, cancellationToken);
            if (change is null)
            {
                return ($"Non appliquée : le signalement {number} n'est plus dans ce secteur.", false, null);
            }
            issue = change.Value.Issue;
            await AfterPartnerVisibleUpdateAsync(issue, meetingDate, decision, eventId, cancellationToken);
        }
        await issueCards.PublishAsync(issue, eventId, cancellationToken);
        return ($"Signalement {number} mis à jour.", true, eventId);
    }

    /// <summary>What follows a targeted response or a closure decided in meeting; every step is idempotent (keys per event).</summary>
    private async Task AfterPartnerVisibleUpdateAsync(Issue issue, DateOnly meetingDate, MinutesDecision decision, string eventId,
        CancellationToken cancellationToken)
    {
        await reminders.RescheduleAsync(issue, cancellationToken);
        if (issue.ClosedAt is { } closedAt)
        {
            await closedIssues.AddAsync(new ClosedIssueEntry(issue.SectorId, issue.Number, closedAt), cancellationToken);
        }
        if (PartnerMessage(issue, meetingDate, decision, confidentiality) is not { } card)
        {
            return;
        }
        // The event id names the decision: the partner gets one message per decision, however often the minutes are applied.
        await partners.SendAsync(issue, eventId, card, cancellationToken);
        if (issue.Status == IssueStatus.Closed)
        {
            // As after the referent's own closure: "Le problème persiste-t-il ?" later (its answers feed the evaluation).
            var timeline = await events.ListAsync(issue.Number, partnerVisibleOnly: false, cancellationToken);
            await partners.AskFollowUpAsync(issue, timeline.Count(e => e.Kind == IssueEventKind.Reopened), cancellationToken);
        }
    }

    /// <summary>
    /// The reporting partner's message for a decision on their issue: the decision's own text (partner-visible on the timeline
    /// too); null for a police-only note or an issue of a restricted category.
    /// </summary>
    public static AdaptiveCard? PartnerMessage(Issue issue, DateOnly meetingDate, MinutesDecision decision, PartnerConfidentiality confidentiality)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(confidentiality);
        if (!confidentiality.IsVisibleToPartners(issue.CategoryId))
        {
            return null;
        }
        var meeting = $"la réunion du groupe de partenariat opérationnel (GPO) du {FrenchDateFormat.Long(meetingDate)}";
        var text = decision.IssueUpdate switch
        {
            IssueUpdateKind.TargetedResponse => $"Une réponse ciblée a été décidée sur votre signalement {issue.Number} lors de {meeting}.",
            IssueUpdateKind.Close => $"Votre signalement {issue.Number} a été clos lors de {meeting} : {(decision.Outcome ?? IssueOutcome.Resolved).ToFrench().ToLowerInvariant()}.",
            _ => null,
        };
        return text is null ? null : MessageCards.PartnerStep($"Signalement {issue.Number}", text, decision.Text);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "GPO minutes recorded in sector {SectorId} with {Decisions} decisions")]
    private static partial void LogRecorded(ILogger logger, string sectorId, int decisions);
}

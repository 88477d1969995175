using Microsoft.Extensions.Options;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;
using SecuriteQuotidien.Storage.Privacy;

namespace SecuriteQuotidien.Bot.Privacy;

/// <summary>What one retention run did (counts only: this is what the log line and the audit event carry).</summary>
public sealed record RetentionRunResult(int IssuesAnonymised, int ProcessedActivitiesPurged, int OutboxMessagesPurged, int StaleIndexEntries,
    bool AnonymisationSkipped)
{
    public static RetentionRunResult NotLeader { get; } = new(0, 0, 0, 0, AnonymisationSkipped: true);

    public string Detail =>
        $"signalements anonymisés : {IssuesAnonymised} ; identifiants de messages purgés : {ProcessedActivitiesPurged} ; messages sortants purgés : {OutboxMessagesPurged}";
}

/// <summary>
/// One pass of the retention policy at a given instant: anonymise the closed issues whose delay has passed (read
/// from the closure-month index, not from the whole issue table), purge old processed-activity ids and settled
/// outbox messages, record the pass in the audit trail.
/// </summary>
public sealed class RetentionRun(
    IClosedIssueIndex closedIssues,
    IIssueRepository issues,
    IssueAnonymisation anonymisation,
    PersonalDataRows rows,
    IAuditTrail audit,
    IOptions<RetentionOptions> retention,
    IOptions<RetentionWorkerOptions> worker)
{
    // Calendar months differ in length (31 August + 6 months = 28 February): read a few days beyond the
    // plain cutoff and let the policy decide exactly.
    private static readonly TimeSpan MonthClampMargin = TimeSpan.FromDays(4);

    private readonly RetentionPolicy _policy = new(retention.Value);

    public async Task<RetentionRunResult> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var limits = worker.Value;
        var anonymised = 0;
        var stale = 0;
        if (anonymisation.IsConfigured)
        {
            var cutoff = now.AddMonths(-retention.Value.AnonymiseClosedIssuesAfterMonths) + MonthClampMargin;
            foreach (var entry in await closedIssues.ListClosedBeforeAsync(cutoff, limits.MaxIssuesPerRun, cancellationToken))
            {
                switch (await DecideAsync(entry, now, cancellationToken))
                {
                    case EntryFate.Anonymise:
                        if (await anonymisation.AnonymiseClosedAsync(entry.SectorId, entry.Number, cancellationToken))
                        {
                            anonymised++;
                        }
                        await closedIssues.RemoveAsync(entry, cancellationToken);
                        break;
                    case EntryFate.Stale:
                        stale++;
                        await closedIssues.RemoveAsync(entry, cancellationToken);
                        break;
                }
            }
        }
        var processed = await rows.PurgeProcessedActivitiesAsync(_policy.ProcessedActivityPurgeCutoff(now), limits.MaxPurgedRowsPerRun, cancellationToken);
        var outbox = await rows.PurgeSettledOutboxAsync(_policy.SettledOutboxPurgeCutoff(now), limits.MaxPurgedRowsPerRun, cancellationToken);
        var result = new RetentionRunResult(anonymised, processed, outbox, stale, AnonymisationSkipped: !anonymisation.IsConfigured);
        if (anonymised + processed + outbox > 0)
        {
            await audit.RecordAsync(AuditEvent.SystemActor, AuditAction.RetentionPurge, now, scope: null, result.Detail, cancellationToken);
        }
        return result;
    }

    private enum EntryFate
    {
        Wait,
        Anonymise,
        Stale,
    }

    private async Task<EntryFate> DecideAsync(ClosedIssueEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await issues.GetAsync(entry.SectorId, entry.Number, cancellationToken);
        // Gone, reopened (a later closure adds its own entry) or already anonymised: nothing to do for this entry.
        if (stored?.Issue is not { Status: IssueStatus.Closed, ClosedAt: { } closedAt } issue || closedAt != entry.ClosedAt
            || IssueAnonymiser.IsAnonymised(issue))
        {
            return EntryFate.Stale;
        }
        return _policy.IsDueForAnonymisation(issue, now) ? EntryFate.Anonymise : EntryFate.Wait;
    }
}

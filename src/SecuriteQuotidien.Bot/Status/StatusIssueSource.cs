using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Storage.Issues;
using SecuriteQuotidien.Storage.Status;

namespace SecuriteQuotidien.Bot.Status;

/// <summary>
/// What a status request is computed from. For the police: the running totals of the sectors in scope
/// (<see cref="StatusTotalsStore"/>, kept by <see cref="StatusTallyProjector"/> with each issue change) — a few point
/// reads, whatever the number of issues; the changes this instance made are applied first, so an answer includes them.
/// For a partner: their own issues from the reporter index (at most <see cref="MaxPartnerIssues"/>), totalled in memory
/// the same way. Both give the figures <see cref="IndicatorCalculator"/> gives from the issues themselves.
/// </summary>
/// <remarks>
/// <see cref="LoadAsync"/> still lists every issue of the scope as snapshots, for the export's rows. The clock and the
/// follow-up answer are on the issue rows; only a row stored before they were needs its timeline (at most
/// <see cref="StatusOptions.MaxTimelineReads"/> per request, the others described from their fields; the export says so).
/// </remarks>
public sealed class StatusIssueSource(
    IIssueRepository issues,
    IIssueSummaries summaries,
    IIssueEventRepository events,
    StatusTotalsStore totals,
    StatusTallyProjector projector,
    IDirectory directory,
    IOptions<StatusOptions> options) : IStatusIssueSource
{
    private const int MaxPartnerIssues = IStatusIssueSource.MaxPartnerIssues;

    private long _listingReads;

    /// <summary>Sector listings read since start (the export's); for tests and diagnostics.</summary>
    public long ListingReads => Interlocked.Read(ref _listingReads);

    /// <summary>
    /// The report of <paramref name="query"/> at <paramref name="now"/>, with at least the first
    /// <paramref name="listed"/> issues of its lists (the counts are always complete).
    /// </summary>
    public async Task<StatusReport> ReportAsync(StatusQuery query, DateTimeOffset now, int listed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var today = ParisTime.DateOf(now);
        if (query.Scope.ReporterObjectId is { } reporter)
        {
            var own = await issues.ListByReporterAsync(reporter, MaxPartnerIssues, cancellationToken);
            var complete = await Task.WhenAll(own.Select(i => WithClockAsync(i, cancellationToken)));
            return StatusTotals.FromTallies(complete.Select(i => StatusTally.Of(i, DelayOf(i), now)), query, now).Report(query, now);
        }
        var read = await TotalsAsync(query, now, query.Kind == StatusQueryKind.DueSoon ? 0 : listed,
            query.Kind == StatusQueryKind.DueSoon ? listed : 0, cancellationToken);
        return read.Report(query, now);
    }

    /// <summary>
    /// The running totals of the query's sectors (all when it names none) and categories, with the first overdue and
    /// due-soon issues of each sector; <see cref="StatusTotals.Report"/> then gives the report of any part of them.
    /// </summary>
    public async Task<StatusTotals> TotalsAsync(StatusQuery query, DateTimeOffset now, int overdueListed, int dueSoonListed,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var today = ParisTime.DateOf(now);
        var sectorIds = query.Scope.SectorIds.Count > 0 ? query.Scope.SectorIds : [.. directory.Sectors.Select(s => s.Id)];
        await projector.FlushAsync(sectorIds, cancellationToken);
        return await totals.ReadAsync(sectorIds, query.Scope.CategoryIds, TallyRanges.For(query.Period, today), today,
            overdueListed, dueSoonListed, cancellationToken);
    }

    /// <summary>
    /// Every issue the request covers, as snapshots (the export lists them): the sectors in scope, one partition
    /// each, in parallel, read without their free texts — a partner: their own issues from the reporter index.
    /// </summary>
    public async Task<StatusIssues> LoadAsync(StatusQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var stored = await ListAsync(query.Scope, cancellationToken);
        var categories = query.Scope.CategoryIds.Count == 0 ? null : query.Scope.CategoryIds.ToHashSet(StringComparer.Ordinal);
        var inScope = categories is null ? stored : [.. stored.Where(i => categories.Contains(i.CategoryId))];

        // Rows stored before the clock was kept on the issue: their timeline, within the bound.
        var settings = options.Value;
        var legacy = inScope.Where(i => i.Clock is null).OrderByDescending(i => i.CreatedAt).ToList();
        var completed = new Dictionary<IssueNumber, Issue>();
        await Parallel.ForEachAsync(legacy.Take(settings.MaxTimelineReads),
            new ParallelOptions { MaxDegreeOfParallelism = settings.TimelineConcurrency, CancellationToken = cancellationToken },
            async (issue, ct) =>
            {
                var complete = await WithClockAsync(issue, ct);
                lock (completed)
                {
                    completed[issue.Number] = complete;
                }
            });
        var snapshots = inScope.Select(i => IssueSnapshot.FromIssue(completed.GetValueOrDefault(i.Number) ?? i, DelayOf(i), now)).ToList();
        return new StatusIssues(snapshots, legacy.Count > settings.MaxTimelineReads);
    }

    private async Task<IReadOnlyList<Issue>> ListAsync(StatusScope scope, CancellationToken cancellationToken)
    {
        if (scope.ReporterObjectId is { } reporter)
        {
            var own = await issues.ListByReporterAsync(reporter, MaxPartnerIssues, cancellationToken);
            return scope.SectorIds.Count == 0 ? own : [.. own.Where(i => scope.SectorIds.Contains(i.SectorId, StringComparer.Ordinal))];
        }
        var sectorIds = scope.SectorIds.Count > 0 ? scope.SectorIds.Distinct(StringComparer.Ordinal) : directory.Sectors.Select(s => s.Id);
        var lists = await Task.WhenAll(sectorIds.Select(id =>
        {
            Interlocked.Increment(ref _listingReads);
            return summaries.ListBySectorAsync(id, cancellationToken);
        }));
        return [.. lists.SelectMany(l => l)];
    }

    /// <summary>An issue stored before its clock and follow-up answer were kept on it gets them from its timeline.</summary>
    private async Task<Issue> WithClockAsync(Issue issue, CancellationToken cancellationToken) =>
        issue.Clock is not null ? issue : IssueClock.Complete(issue, await events.ListAsync(issue.Number, partnerVisibleOnly: false, cancellationToken));

    private int DelayOf(Issue issue) => directory.FindCategory(issue.CategoryId)?.ResponseDelayDays ?? Issue.DefaultResponseDelayDays;
}

using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Storage.Issues;

namespace SecuriteQuotidien.Bot.Status;

/// <summary>
/// Loads the issues a status request covers: the sectors in scope, one partition each, in parallel, read
/// without their free texts (<see cref="IIssueSummaries"/>: the statistics never show them) — a partner:
/// their own issues from the reporter index.
/// </summary>
/// <remarks>
/// Most issues are described from their stored fields alone (no timeline read), which is exact for an
/// issue never paused nor reopened. The timeline is read only where the fields are not enough:
/// <list type="bullet">
/// <item>issues paused now: the deadline slides with the pause (<see cref="ResponseDeadline"/>);</item>
/// <item>issues reopened and not answered since (open, "pris en compte", with a first response recorded —
/// only a reopening leads there): judged on their new clock;</item>
/// <item>for a summary, issues closed from 30 days before the period to its end: the partner's follow-up
/// answer (given after closure) is only in the timeline.</item>
/// </list>
/// Known approximation: an issue paused earlier and resumed, or reopened and answered again, is judged on
/// its stored deadline and first response. At most <see cref="StatusOptions.MaxTimelineReads"/> timelines are
/// read (paused and reopened first, then the most recently closed); beyond that the follow-up counts are
/// flagged partial on the card.
/// <para>
/// Sector listings and timelines are kept for <see cref="StatusOptions.CacheDuration"/> (1 minute by default):
/// the commissioner asking « point », then « point Briançon », then « en retard » pays for one load, and the
/// figures are at most that old. Partners' own issues are always read fresh.
/// </para>
/// </remarks>
public sealed class StatusIssueSource(
    IIssueRepository issues,
    IIssueSummaries summaries,
    IIssueEventRepository events,
    IDirectory directory,
    IMemoryCache cache,
    IOptions<StatusOptions> options) : IStatusIssueSource
{
    private const int MaxPartnerIssues = IStatusIssueSource.MaxPartnerIssues;

    private static readonly TimeSpan FollowUpLookBack = TimeSpan.FromDays(30);
    private readonly StatusQueryParser _parser = new(directory);
    private long _listingReads;

    /// <summary>Sector listings read from the table since start (cache misses and refreshes); for tests and diagnostics.</summary>
    public long ListingReads => Interlocked.Read(ref _listingReads);

    public Task<StatusIssues> LoadAsync(StatusQuery query, DateTimeOffset now, CancellationToken cancellationToken,
        bool followUpAnswers = true) =>
        LoadAsync(query, now, followUpAnswers, refresh: false, cancellationToken);

    /// <summary>
    /// Reads afresh into the cache what the department-wide « point » needs (every sector's listing and the
    /// timelines it reads), so that the next requests are answered from memory (see <see cref="StatusCacheWarmer"/>).
    /// Does nothing when the cache is off.
    /// </summary>
    public async Task WarmAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (options.Value.CacheDuration <= TimeSpan.Zero)
        {
            return;
        }
        var point = _parser.Parse("point", ParisTime.DateOf(now)).Query
            ?? throw new InvalidOperationException("« point » is not understood by the status parser.");
        await LoadAsync(point, now, followUpAnswers: true, refresh: true, cancellationToken);
    }

    private async Task<StatusIssues> LoadAsync(StatusQuery query, DateTimeOffset now, bool followUpAnswers, bool refresh,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var stored = await ListAsync(query.Scope, refresh, cancellationToken);
        var categories = query.Scope.CategoryIds.Count == 0 ? null : query.Scope.CategoryIds.ToHashSet(StringComparer.Ordinal);
        var inScope = categories is null ? stored : [.. stored.Where(i => categories.Contains(i.CategoryId))];

        var settings = options.Value;
        var (clockCandidates, followUpCandidates) = TimelineCandidates(inScope, query, followUpAnswers);
        var toRead = clockCandidates.Concat(followUpCandidates).Take(settings.MaxTimelineReads).ToList();
        var followUpPartial = clockCandidates.Count + followUpCandidates.Count > toRead.Count && followUpCandidates.Count > 0;

        var timelines = new Dictionary<IssueNumber, IReadOnlyList<IssueEvent>>();
        await Parallel.ForEachAsync(toRead,
            new ParallelOptions { MaxDegreeOfParallelism = settings.TimelineConcurrency, CancellationToken = cancellationToken },
            async (issue, ct) =>
            {
                var timeline = await CachedAsync($"status:timeline:{issue.Number}",
                    () => events.ListAsync(issue.Number, partnerVisibleOnly: false, ct), refresh);
                lock (timelines)
                {
                    timelines[issue.Number] = timeline;
                }
            });

        var snapshots = inScope
            .Select(issue => timelines.TryGetValue(issue.Number, out var timeline)
                ? FromTimeline(issue, timeline, now)
                : IssueSnapshot.From(issue, []))
            .ToList();
        return new StatusIssues(snapshots, followUpPartial);
    }

    private async Task<IReadOnlyList<Issue>> ListAsync(StatusScope scope, bool refresh, CancellationToken cancellationToken)
    {
        if (scope.ReporterObjectId is { } reporter)
        {
            var own = await issues.ListByReporterAsync(reporter, MaxPartnerIssues, cancellationToken);
            return scope.SectorIds.Count == 0 ? own : [.. own.Where(i => scope.SectorIds.Contains(i.SectorId, StringComparer.Ordinal))];
        }
        var sectorIds = scope.SectorIds.Count > 0 ? scope.SectorIds.Distinct(StringComparer.Ordinal) : directory.Sectors.Select(s => s.Id);
        var lists = await Task.WhenAll(sectorIds.Select(id =>
            CachedAsync($"status:sector:{id}", () => ListSectorAsync(id, cancellationToken), refresh)));
        return [.. lists.SelectMany(l => l)];
    }

    private Task<IReadOnlyList<Issue>> ListSectorAsync(string sectorId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listingReads);
        return summaries.ListBySectorAsync(sectorId, cancellationToken);
    }

    /// <param name="refresh">Load and replace even when cached (the warmer renews entries before they expire).</param>
    private async Task<T> CachedAsync<T>(string key, Func<Task<T>> load, bool refresh)
    {
        var duration = options.Value.CacheDuration;
        if (duration <= TimeSpan.Zero)
        {
            return await load();
        }
        if (!refresh && cache.TryGetValue(key, out T? cached) && cached is not null)
        {
            return cached;
        }
        var loaded = await load();
        cache.Set(key, loaded, duration);
        return loaded;
    }

    private static (List<Issue> Clock, List<Issue> FollowUp) TimelineCandidates(IReadOnlyList<Issue> issues, StatusQuery query,
        bool followUpAnswers)
    {
        var clock = issues.Where(i => i.IsPaused || IsReopenedAwaitingResponse(i)).OrderByDescending(i => i.CreatedAt).ToList();
        if (query.Kind != StatusQueryKind.Summary || !followUpAnswers)
        {
            return (clock, []);
        }
        var from = query.Period is null ? DateTimeOffset.MinValue : ParisTime.StartOf(query.Period.From) - FollowUpLookBack;
        var to = query.Period is null ? DateTimeOffset.MaxValue : ParisTime.StartOf(query.Period.To.AddDays(1));
        var followUp = issues
            .Where(i => i.Status == IssueStatus.Closed && i.ClosedAt is { } closed && from <= closed && closed < to)
            .OrderByDescending(i => i.ClosedAt)
            .ToList();
        return (clock, followUp);
    }

    // Reopen is the only transition back to "pris en compte" once a response was recorded.
    private static bool IsReopenedAwaitingResponse(Issue issue) =>
        issue.IsOpen && issue.FirstResponseAt is not null && issue.Status is IssueStatus.Acknowledged or IssueStatus.New;

    private IssueSnapshot FromTimeline(Issue issue, IReadOnlyList<IssueEvent> timeline, DateTimeOffset now)
    {
        var clock = new ResponseClock
        {
            CreatedAt = issue.CreatedAt,
            DelayDays = directory.FindCategory(issue.CategoryId)?.ResponseDelayDays ?? Issue.DefaultResponseDelayDays,
            Pauses = PausesOf(timeline, issue),
            TargetedResponses = [.. timeline.Where(e => e.Kind == IssueEventKind.ResponseEngaged).Select(e => e.OccurredAt)],
            Closures = [.. timeline.Where(e => e.Kind == IssueEventKind.Closed).Select(e => e.OccurredAt)],
            Reopenings = [.. timeline.Where(e => e.Kind == IssueEventKind.Reopened).Select(e => e.OccurredAt)],
        };
        // A timeline written before the clock events existed (or trimmed) still yields the stored deadline.
        var deadline = clock.Pauses.Count == 0 && clock.Reopenings.Count == 0 ? issue.Deadline : ResponseDeadline.DeadlineOf(clock, now);
        return IssueSnapshot.From(issue, timeline, IssueFollowUp.LatestOf(timeline), deadline);
    }

    private static List<PauseInterval> PausesOf(IReadOnlyList<IssueEvent> timeline, Issue issue)
    {
        var pauses = new List<PauseInterval>();
        DateTimeOffset? start = null;
        foreach (var e in timeline.OrderBy(e => e.OccurredAt))
        {
            if (e.Kind == IssueEventKind.Paused)
            {
                start ??= e.OccurredAt;
            }
            else if (e.Kind is IssueEventKind.Resumed or IssueEventKind.Closed && start is { } began)
            {
                pauses.Add(new PauseInterval(began, e.OccurredAt));
                start = null;
            }
        }
        if ((start ?? issue.PausedAt) is { } running && issue.IsPaused)
        {
            pauses.Add(new PauseInterval(running, null));
        }
        return pauses;
    }
}

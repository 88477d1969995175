using System.Globalization;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Status;

/// <summary>Where a count of the status totals is kept: a figure of today's state, or a fact dated on a Paris day.</summary>
public readonly record struct TallyBucket(DateOnly? Day)
{
    public static TallyBucket Stock { get; } = new(null);

    public static TallyBucket On(DateOnly day) => new(day);

    public bool IsStock => Day is null;
}

/// <summary>One unit of the status totals: in <see cref="Bucket"/>, for <see cref="CategoryId"/>, the counter <see cref="Field"/>.</summary>
public readonly record struct TallyCount(TallyBucket Bucket, string CategoryId, string Field);

/// <summary>An issue as the « en retard » and « échéances » lists show it, kept with the totals.</summary>
/// <param name="DaysLeft">For an issue whose deadline slides with a running pause: the days left, constant while paused.</param>
/// <param name="SiteId">The place, when it is a known site (the list shows its name).</param>
/// <param name="Status">The issue's status (the list shows it).</param>
public sealed record TallyListEntry(IssueNumber Number, string CategoryId, bool IsPaused, ChannelThread? Thread, int? DaysLeft = null,
    string? SiteId = null, IssueStatus Status = IssueStatus.New);

/// <summary>
/// What one issue contributes to the status totals (docs/indicateurs.md), computed when the issue changes and
/// independent of the day it is read: every figure of <see cref="IndicatorCalculator"/> is a sum of these
/// contributions over the sectors, categories and dates a request covers, so that « point » reads running totals
/// instead of every issue (<see cref="StatusTotals"/>).
/// </summary>
/// <remarks>
/// <para>Fields (counters), per category:</para>
/// <list type="bullet">
/// <item>today's state: <c>n</c> issues, <c>o</c> open, <c>p</c> open and paused, <c>ro</c> open and reopened;
/// <c>su:K</c> / <c>sa:K</c> open, paused, unanswered / answered, whose deadline slides with the running pause, K days
/// ahead of any day it is read (a pause started before the deadline moves it one day per day paused);</item>
/// <item>on the creation day <c>id</c>; the closure day <c>c:{outcome}</c>; the day of the current clock's first
/// response <c>r:{days since the clock's start}</c>; the follow-up answer's day <c>f:{answer}</c>;</item>
/// <item>on the (fixed) deadline day: answered <c>dm</c> (on time) or <c>dl</c> (late), and <c>dpa</c> if paused;
/// unanswered and a response owed <c>dw</c>, plus <c>dou</c> if open and <c>dpu</c> if open and paused.</item>
/// </list>
/// </remarks>
public sealed record StatusTally
{
    public const string Issues = "n", Open = "o", Paused = "p", Reopened = "ro", Identified = "id";
    public const string AnsweredOnTime = "rt";
    public const string Met = "dm", Late = "dl", PausedAnswered = "dpa", Owed = "dw", OpenUnanswered = "dou", PausedUnanswered = "dpu";
    public const string ClosedPrefix = "c:", ResponsePrefix = "r:", FollowUpPrefix = "f:", SlidingUnansweredPrefix = "su:", SlidingAnsweredPrefix = "sa:";

    /// <summary>The deadline fields judged only once their day is past: totals keep them per month and per day too.</summary>
    public static IReadOnlySet<string> BeforeTodayFields { get; } = new HashSet<string>([Owed, OpenUnanswered, PausedUnanswered], StringComparer.Ordinal);

    public required IssueNumber Number { get; init; }
    public required string SectorId { get; init; }
    public required string CategoryId { get; init; }
    public required DateOnly CreatedOn { get; init; }
    public required bool IsOpen { get; init; }
    /// <summary>Open and paused.</summary>
    public required bool IsPaused { get; init; }
    /// <summary>Open and reopened at least once.</summary>
    public required bool IsReopened { get; init; }
    /// <summary>The closure's day and outcome, for a closed issue.</summary>
    public (DateOnly Day, IssueOutcome Outcome)? Closure { get; init; }
    /// <summary>The current clock's first response: its day, and the calendar days from the clock's start.</summary>
    public (DateOnly Day, int DaysToResponse)? Response { get; init; }
    /// <summary>The current clock's deadline, unless it slides with a running pause (<see cref="SlidingDaysLeft"/>).</summary>
    public DateOnly? Deadline { get; init; }
    /// <summary>Days left to a deadline that slides with the running pause (at least 1).</summary>
    public int? SlidingDaysLeft { get; init; }
    /// <summary>Closed as a duplicate or out of scope without a response: no response was owed.</summary>
    public bool NoResponseOwed { get; init; }
    public (DateOnly Day, FollowUpAnswer Answer)? FollowUp { get; init; }
    public ChannelThread? Thread { get; init; }
    /// <summary>What the lists show besides: the known site and the status.</summary>
    public string? SiteId { get; init; }
    public IssueStatus Status { get; init; }

    /// <summary>
    /// The tally of <paramref name="issue"/> as changed at <paramref name="at"/>. A deadline that depends on the day
    /// (a running pause that started before it) is recognised by evaluating it a few days apart, and kept as days left.
    /// </summary>
    public static StatusTally Of(Issue issue, int delayDays, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var snapshot = IssueSnapshot.FromIssue(issue, delayDays, at);
        const int Probe = 10;
        var today = ParisTime.DateOf(at);
        var later = IssueSnapshot.FromIssue(issue, delayDays, ParisTime.At(today.AddDays(Probe), new TimeOnly(12, 0))).Deadline;
        var daysLeft = snapshot.Deadline.DayNumber - today.DayNumber;
        var sliding = later.DayNumber - snapshot.Deadline.DayNumber == Probe && snapshot.IsOpen && snapshot.IsPaused && daysLeft >= 1;
        return Of(snapshot) with
        {
            Deadline = sliding ? null : snapshot.Deadline,
            SlidingDaysLeft = sliding ? daysLeft : null,
        };
    }

    /// <summary>The tally of a snapshot whose deadline is fixed.</summary>
    public static StatusTally Of(IssueSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var answered = snapshot.FirstResponseAt is not null;
        return new StatusTally
        {
            Number = snapshot.Number,
            SectorId = snapshot.SectorId,
            CategoryId = snapshot.CategoryId,
            CreatedOn = ParisTime.DateOf(snapshot.CreatedAt),
            IsOpen = snapshot.IsOpen,
            IsPaused = snapshot.IsOpen && snapshot.IsPaused,
            IsReopened = snapshot.IsOpen && snapshot.ReopenedCount > 0,
            Closure = snapshot is { Status: IssueStatus.Closed, ClosedAt: { } closed, Outcome: { } outcome } ? (ParisTime.DateOf(closed), outcome) : null,
            Response = snapshot.FirstResponseAt is { } response
                ? (ParisTime.DateOf(response), ParisTime.DateOf(response).DayNumber - ParisTime.DateOf(snapshot.CurrentClockStart).DayNumber)
                : null,
            Deadline = snapshot.Deadline,
            NoResponseOwed = snapshot is { Status: IssueStatus.Closed, Outcome: IssueOutcome.Duplicate or IssueOutcome.OutOfScope } && !answered,
            FollowUp = snapshot.FollowUp is { } followUp ? (ParisTime.DateOf(followUp.At), followUp.Answer) : null,
            Thread = snapshot.Thread,
            SiteId = snapshot.SiteId,
            Status = snapshot.Status,
        };
    }

    /// <summary>The counters this issue adds one to.</summary>
    public IEnumerable<TallyCount> Counts()
    {
        var stock = TallyBucket.Stock;
        yield return new(stock, CategoryId, Issues);
        if (IsOpen)
        {
            yield return new(stock, CategoryId, Open);
        }
        if (IsPaused)
        {
            yield return new(stock, CategoryId, Paused);
        }
        if (IsReopened)
        {
            yield return new(stock, CategoryId, Reopened);
        }
        yield return new(TallyBucket.On(CreatedOn), CategoryId, Identified);
        if (Closure is { } closure)
        {
            yield return new(TallyBucket.On(closure.Day), CategoryId, ClosedPrefix + closure.Outcome);
        }
        if (Response is { } response)
        {
            yield return new(TallyBucket.On(response.Day), CategoryId, ResponsePrefix + response.DaysToResponse.ToString(CultureInfo.InvariantCulture));
        }
        if (FollowUp is { } followUp)
        {
            yield return new(TallyBucket.On(followUp.Day), CategoryId, FollowUpPrefix + followUp.Answer);
        }
        if (SlidingDaysLeft is { } k)
        {
            var days = k.ToString(CultureInfo.InvariantCulture);
            yield return new(stock, CategoryId, (Response is null ? SlidingUnansweredPrefix : SlidingAnsweredPrefix) + days);
            if (Response is { } early)
            {
                yield return new(TallyBucket.On(early.Day), CategoryId, AnsweredOnTime); // the deadline is still ahead
            }
        }
        else if (Deadline is { } deadline)
        {
            var due = TallyBucket.On(deadline);
            if (Response is { } answered)
            {
                yield return new(due, CategoryId, answered.Day <= deadline ? Met : Late);
                if (answered.Day <= deadline)
                {
                    yield return new(TallyBucket.On(answered.Day), CategoryId, AnsweredOnTime);
                }
                if (IsPaused)
                {
                    yield return new(due, CategoryId, PausedAnswered);
                }
            }
            else if (!NoResponseOwed)
            {
                yield return new(due, CategoryId, Owed);
                if (IsOpen)
                {
                    yield return new(due, CategoryId, OpenUnanswered);
                }
                if (IsPaused)
                {
                    yield return new(due, CategoryId, PausedUnanswered);
                }
            }
        }
    }

    /// <summary>Open and waiting for a response with a fixed deadline: listed under that deadline (« en retard », « échéances »).</summary>
    public TallyListEntry? DeadlineEntry =>
        IsOpen && Response is null && SlidingDaysLeft is null && Deadline is not null ? new TallyListEntry(Number, CategoryId, IsPaused, Thread, null, SiteId, Status) : null;

    /// <summary>Open, paused and waiting for a response with a sliding deadline: listed in « échéances » when it is close.</summary>
    public TallyListEntry? SlidingEntry =>
        IsOpen && Response is null && SlidingDaysLeft is { } k ? new TallyListEntry(Number, CategoryId, IsPaused, Thread, k, SiteId, Status) : null;
}

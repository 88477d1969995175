namespace SecuriteQuotidien.Domain.Reminders;

/// <summary>
/// A pause of the response clock (e.g. waiting for a partner). <see cref="End"/> is null while the
/// pause is still running.
/// </summary>
public readonly record struct PauseInterval(DateTimeOffset Start, DateTimeOffset? End)
{
    /// <summary>Whether the clock is paused at the instant: <c>Start &lt;= instant &lt; End</c>.</summary>
    public bool Covers(DateTimeOffset instant) => Start <= instant && (End is null || instant < End);
}

/// <summary>
/// What the deadline and the reminder plan need to know about one issue: the facts of its
/// "first targeted response" clock, as instants. The lead maps an Issue and its events onto it.
/// </summary>
/// <remarks>
/// <para>
/// The <b>current clock</b> starts at the latest of <see cref="CreatedAt"/> and <see cref="Reopenings"/>:
/// a reopening starts a new clock, with the full delay, from the Paris date of the reopening. Responses,
/// closures and pauses before the current clock's start are ignored (pauses are clipped to it).
/// </para>
/// <para>
/// The clock is <b>answered</b> once a targeted response is recorded at or after its start, and
/// <b>closed</b> once a closure is recorded at or after its start.
/// </para>
/// <para>
/// Every computation can be made "as known at" an instant (<see cref="AsOf"/>), so that a history can be
/// replayed: what the planner says at instant t depends only on facts recorded at or before t.
/// </para>
/// </remarks>
public sealed record ResponseClock
{
    /// <summary>The instant the issue was created (the first clock's start).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The category's delay in calendar days (default 30). Must be at least 1.</summary>
    public int DelayDays { get; init; } = 30;

    /// <summary>Pauses, in any order; intervals may overlap.</summary>
    public IReadOnlyList<PauseInterval> Pauses { get; init; } = [];

    /// <summary>Instants of every targeted response recorded (all of them, across reopenings).</summary>
    public IReadOnlyList<DateTimeOffset> TargetedResponses { get; init; } = [];

    /// <summary>Instants of every closure (all of them, across reopenings).</summary>
    public IReadOnlyList<DateTimeOffset> Closures { get; init; } = [];

    /// <summary>Instants of every reopening.</summary>
    public IReadOnlyList<DateTimeOffset> Reopenings { get; init; } = [];

    /// <summary>Start of the current clock: the latest reopening after creation, else the creation.</summary>
    public DateTimeOffset CurrentClockStart =>
        Reopenings.Where(r => r > CreatedAt).DefaultIfEmpty(CreatedAt).Max();

    /// <summary>1 for the clock started at creation, 2 after the first reopening, and so on.</summary>
    public int ClockNumber => 1 + Reopenings.Count(r => r > CreatedAt);

    /// <summary>Whether a targeted response was recorded on the current clock.</summary>
    public bool IsAnswered => TargetedResponses.Any(r => r >= CurrentClockStart);

    /// <summary>Whether the issue was closed after the current clock started.</summary>
    public bool IsClosed => Closures.Any(c => c >= CurrentClockStart);

    /// <summary>Whether the current clock is paused at the instant.</summary>
    public bool IsPausedAt(DateTimeOffset instant) => CurrentPauses().Any(p => p.Covers(instant));

    /// <summary>
    /// The clock as known at <paramref name="instant"/>: facts recorded after it are dropped, and a
    /// pause still running at it has no end yet.
    /// </summary>
    public ResponseClock AsOf(DateTimeOffset instant) => this with
    {
        Pauses = [.. Pauses.Where(p => p.Start <= instant).Select(p => p.End > instant ? p with { End = null } : p)],
        TargetedResponses = [.. TargetedResponses.Where(r => r <= instant)],
        Closures = [.. Closures.Where(c => c <= instant)],
        Reopenings = [.. Reopenings.Where(r => r <= instant)],
    };

    /// <summary>
    /// Pauses of the current clock ordered by start, clipped to the clock's start; pauses that ended
    /// before it are dropped.
    /// </summary>
    internal IReadOnlyList<PauseInterval> CurrentPauses()
    {
        var start = CurrentClockStart;
        return
        [
            .. Pauses
                .Where(p => p.End is null || p.End > start)
                .Select(p => p.Start < start ? p with { Start = start } : p)
                .OrderBy(p => p.Start),
        ];
    }
}

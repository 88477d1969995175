namespace SecuriteQuotidien.Domain.Issues;

/// <summary>An issue as stored, with the version tag to pass back when updating it.</summary>
public sealed record StoredIssue(Issue Issue, string ETag)
{
    /// <summary>
    /// The event of the last transition, kept on the issue's row by the same write: a process stopped between that
    /// write and the timeline's append leaves it there, so the replay of the same action can append it.
    /// </summary>
    public IssueEvent? LastEvent { get; init; }
}

/// <summary>The result of a create: the issue, and whether this call created it (false: an earlier call with the same key did).</summary>
public sealed record IssueCreation(StoredIssue Stored, bool Created);

/// <summary>Someone else changed the record since it was read: re-read, re-apply, retry.</summary>
public sealed class ConcurrencyConflictException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Issues, by sector and by reporter.</summary>
public interface IIssueRepository
{
    /// <summary>
    /// Allocates a number, computes the deadline and durably writes the issue with its "created" event.
    /// The same <paramref name="idempotencyKey"/> (e.g. the card submission id) given twice for a sector
    /// returns the first issue: a double click creates one issue.
    /// </summary>
    Task<IssueCreation> CreateAsync(IssueDraft draft, string idempotencyKey, CancellationToken cancellationToken);

    Task<StoredIssue?> GetAsync(string sectorId, IssueNumber number, CancellationToken cancellationToken);

    /// <summary>Replaces the issue if it is still at <paramref name="etag"/>; otherwise throws <see cref="ConcurrencyConflictException"/>.</summary>
    Task<StoredIssue> UpdateAsync(Issue issue, string etag, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the issue, applies <paramref name="transition"/> and writes it, re-reading and re-applying
    /// on a conflict; appends the transition's event. Returns null when the issue does not exist.
    /// </summary>
    Task<IssueChange?> ApplyAsync(string sectorId, IssueNumber number, Func<Issue, IssueChange> transition,
        CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="ApplyAsync"/> for a transition that moves the issue to another sector
    /// (<see cref="Issue.Transfer"/>): issues are partitioned by sector, so the issue is written in the
    /// target sector, the reporter index follows, then the source row is removed if still unchanged
    /// (otherwise re-read, re-applied and rewritten). Returns null when the issue is not in
    /// <paramref name="fromSectorId"/>. Not atomic: an interruption may leave both copies; running the
    /// transfer again converges.
    /// </summary>
    Task<IssueChange?> TransferAsync(string fromSectorId, IssueNumber number, Func<Issue, IssueChange> transition,
        CancellationToken cancellationToken);

    /// <summary>All issues of a sector (one partition), newest first.</summary>
    Task<IReadOnlyList<Issue>> ListBySectorAsync(string sectorId, CancellationToken cancellationToken);

    /// <summary>A partner's own issues, newest first, from the reporter index (no scan).</summary>
    Task<IReadOnlyList<Issue>> ListByReporterAsync(string reporterObjectId, int max, CancellationToken cancellationToken);
}

/// <summary>The append-only timeline and audit trail of each issue.</summary>
public interface IIssueEventRepository
{
    /// <summary>Appends the event; appending an event with the same id again keeps the first one.</summary>
    Task AppendAsync(IssueEvent issueEvent, CancellationToken cancellationToken);

    /// <summary>The timeline in time order; <paramref name="partnerVisibleOnly"/> filters out police-only events.</summary>
    Task<IReadOnlyList<IssueEvent>> ListAsync(IssueNumber number, bool partnerVisibleOnly, CancellationToken cancellationToken);
}

/// <summary>Gives each new issue of a department and year the next sequence number, unique across instances.</summary>
public interface IIssueNumberAllocator
{
    Task<IssueNumber> AllocateAsync(string departmentCode, int year, CancellationToken cancellationToken);
}

/// <summary>
/// A reminder of an issue due on a local (department time zone) day. <see cref="ReminderKey"/> is the
/// reminder plan's stable key for it ("J15", "J30", "C2-J15"...), <see cref="DueAt"/> the instant it is due.
/// </summary>
public sealed record DueReminder(DateOnly Day, string SectorId, IssueNumber Number, string ReminderKey, DateTimeOffset DueAt)
{
    /// <summary>What identifies the index entry (one per day, issue and reminder key; <see cref="DueAt"/> is its content).</summary>
    public (DateOnly Day, string SectorId, IssueNumber Number, string ReminderKey) Entry => (Day, SectorId, Number, ReminderKey);
}

/// <summary>
/// Index of reminders by local due day, so that the reminder sweep reads only the days it asks for
/// and its cost grows with the reminders due, not with the issues stored.
/// </summary>
public interface IDueDayIndex
{
    /// <summary>Adds the reminder (adding it again is a no-op).</summary>
    Task AddAsync(DueReminder reminder, CancellationToken cancellationToken);

    /// <summary>Removes the reminder (once sent, or when the issue closes); removing a missing one is a no-op.</summary>
    Task RemoveAsync(DueReminder reminder, CancellationToken cancellationToken);

    /// <summary>The reminders due on the given days, reading only those days.</summary>
    Task<IReadOnlyList<DueReminder>> ListAsync(IEnumerable<DateOnly> days, CancellationToken cancellationToken);

    /// <summary>
    /// Adds every reminder of <paramref name="add"/>, then (only once they all are stored) removes those of
    /// <paramref name="remove"/>: a failure leaves the old entries next to the new ones, never neither.
    /// A reminder in both lists is kept. Implementations may group the writes by day (fewer round trips).
    /// </summary>
    async Task ReplaceAsync(IReadOnlyCollection<DueReminder> add, IReadOnlyCollection<DueReminder> remove, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(remove);
        foreach (var reminder in add)
        {
            await AddAsync(reminder, cancellationToken);
        }
        var added = add.Select(r => r.Entry).ToHashSet();
        foreach (var reminder in remove.Where(r => !added.Contains(r.Entry)))
        {
            await RemoveAsync(reminder, cancellationToken);
        }
    }
}

using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Diagnostics;

/// <summary>A diagnostic as stored, with the storage version tag (ETag) to pass back when updating it.</summary>
public sealed record StoredDiagnostic(Diagnostic Diagnostic, string ETag);

/// <summary>The result of a create: the diagnostic, and whether this call created it (false: an earlier call with the same key did).</summary>
public sealed record DiagnosticCreation(StoredDiagnostic Stored, bool Created);

/// <summary>An action found through the owner index, with the diagnostic it belongs to (read back, so never stale).</summary>
public sealed record OwnedAction(StoredDiagnostic Stored, DiagnosticAction Action);

/// <summary>Shared diagnostics, their history, the action owner index and the partners' survey answers.</summary>
public interface IDiagnosticRepository
{
    /// <summary>
    /// Allocates the next number (D{dept}-{year}-{seq}, year of <paramref name="at"/> in the department's
    /// time zone), opens the diagnostic through <paramref name="open"/> and writes it with its "opened" event
    /// in one transaction. The same <paramref name="idempotencyKey"/> in a sector returns the first diagnostic.
    /// </summary>
    Task<DiagnosticCreation> CreateAsync(string sectorId, string idempotencyKey, DateTimeOffset at,
        Func<DiagnosticNumber, DiagnosticChange> open, CancellationToken cancellationToken);

    Task<StoredDiagnostic?> GetAsync(string sectorId, DiagnosticNumber number, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the change if the stored row is still at <paramref name="etag"/> (the diagnostic and its event in
    /// one transaction), then brings the owner index up to date. A concurrent update makes this throw
    /// <see cref="ConcurrencyConflictException"/>: refused, never lost.
    /// </summary>
    Task<StoredDiagnostic> UpdateAsync(DiagnosticChange change, string etag, CancellationToken cancellationToken);

    /// <summary>
    /// Reads, applies <paramref name="transition"/> and writes, re-reading and re-applying on an ETag conflict.
    /// The transition's own version check (<see cref="DiagnosticStaleException"/>) still refuses a click made
    /// on an older card. Returns null when the diagnostic does not exist.
    /// </summary>
    Task<StoredDiagnostic?> ApplyAsync(string sectorId, DiagnosticNumber number, Func<Diagnostic, DiagnosticChange> transition,
        CancellationToken cancellationToken);

    /// <summary>All diagnostics of a sector (one partition), newest first.</summary>
    Task<IReadOnlyList<StoredDiagnostic>> ListBySectorAsync(string sectorId, CancellationToken cancellationToken);

    /// <summary>Open diagnostics of the given sectors (one partition query each), newest first.</summary>
    Task<IReadOnlyList<StoredDiagnostic>> ListOpenAsync(IEnumerable<string> sectorIds, CancellationToken cancellationToken);

    /// <summary>History of a diagnostic in version order; <paramref name="partnerVisibleOnly"/> drops police-only entries.</summary>
    Task<IReadOnlyList<DiagnosticEvent>> ListEventsAsync(string sectorId, DiagnosticNumber number, bool partnerVisibleOnly,
        CancellationToken cancellationToken);

    /// <summary>
    /// The actions an owner (organisation id or "police") holds in open diagnostics: one partition query of the owner index,
    /// then a point read of each diagnostic, so what is returned is the diagnostic's current state.
    /// </summary>
    Task<IReadOnlyList<OwnedAction>> ListActionsByOwnerAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Records (or replaces) a respondent's survey answer for a diagnostic; the latest answer counts.</summary>
    Task SaveSurveyAnswerAsync(string sectorId, SurveyAnswer answer, CancellationToken cancellationToken);

    Task<IReadOnlyList<SurveyAnswer>> ListSurveyAnswersAsync(string sectorId, DiagnosticNumber number, CancellationToken cancellationToken);
}

/// <summary>"Ignorer" and "already suggested" marks of hotspot groups, per sector.</summary>
public interface IHotspotMarkStore
{
    /// <summary>Records the mark, replacing an earlier mark of the same kind for the same group.</summary>
    Task SaveAsync(HotspotMark mark, CancellationToken cancellationToken);

    /// <summary>The marks of a sector (one partition).</summary>
    Task<IReadOnlyList<HotspotMark>> ListAsync(string sectorId, CancellationToken cancellationToken);
}

/// <summary>GPO meetings per sector: their minutes, and so the date of the last meeting.</summary>
public interface IMeetingRepository
{
    /// <summary>Saves the minutes of a meeting; saving minutes for the same sector and date replaces them if still at <paramref name="etag"/> (null: must not exist yet).</summary>
    Task<string> SaveMinutesAsync(MeetingMinutes minutes, string? etag, CancellationToken cancellationToken);

    Task<(MeetingMinutes Minutes, string ETag)?> GetMinutesAsync(string sectorId, DateOnly meetingDate, CancellationToken cancellationToken);

    /// <summary>The date of the latest meeting of the sector on or before <paramref name="onOrBefore"/>, or null.</summary>
    Task<DateOnly?> LastMeetingDateAsync(string sectorId, DateOnly onOrBefore, CancellationToken cancellationToken);

    /// <summary>All minutes of a sector, latest meeting first.</summary>
    Task<IReadOnlyList<MeetingMinutes>> ListAsync(string sectorId, CancellationToken cancellationToken);
}

/// <summary>A partner's answer to the survey of a diagnostic (card answers).</summary>
public sealed record SurveyAnswer
{
    public required DiagnosticNumber Number { get; init; }
    public required string RespondentObjectId { get; init; }
    public required string OrganisationId { get; init; }
    /// <summary>One of the method's <see cref="EvaluationMethod.Answers"/>.</summary>
    public required string Answer { get; init; }
    public string? Comment { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>Where each diagnostic's card was posted in its sector channel, so that every change updates it in place.</summary>
public interface IDiagnosticCardStore
{
    Task<ChannelThread?> GetAsync(string sectorId, DiagnosticNumber number, CancellationToken cancellationToken);

    /// <summary>Records the card's location unless one is already recorded (the first location wins); false when it was.</summary>
    Task<bool> TryAddAsync(string sectorId, DiagnosticNumber number, ChannelThread location, CancellationToken cancellationToken);
}

using System.Globalization;
using Azure.Data.Tables;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Issues;

/// <summary>
/// Rows of the Issues table. PartitionKey = sector id: a sector's issues are read together (referent,
/// status, digest), and an issue and its idempotency key row share a partition so they are written
/// in one transaction.
/// </summary>
internal static class IssueRows
{
    public const string IssuePrefix = "issue|";
    public const string KeyPrefix = "key|";
    /// <summary>An intake creation whose follow-up writes are not all confirmed yet (see <see cref="IIssueIntakeStore"/>).</summary>
    public const string UnfinishedPrefix = "unfinished|";
    /// <summary>An issue change whose status totals are not applied yet (see <see cref="Status.StatusTallyProjector"/>).</summary>
    public const string TallyPrefix = "tally|";

    public static string IssueRowKey(IssueNumber number) => IssuePrefix + number;

    /// <summary>The columns of <see cref="IIssueSummaries"/>: all but the free texts.</summary>
    public static readonly IReadOnlyList<string> SummaryColumns =
    [
        "PartitionKey", "RowKey", "Number", "CategoryId", "SubCategoryId", "ReporterObjectId", "ReporterOrganisationId", "SiteId", "LastOccurrence",
        "TimeOfDay", "Frequency", "CreatedAt", "Deadline", "Status", "Outcome", "FirstResponseAt", "ClosedAt", "PausedAt",
        "ThreadConversationId", "ThreadRootActivityId", ClockColumn, LastReminderKeyColumn, LastReminderAtColumn,
        FollowUpAnswerColumn, FollowUpAtColumn, VersionColumn,
    ];

    /// <summary>The columns of <see cref="IIssueWorklist.ListOpenAsync"/>: the summary's and the last transition's event.</summary>
    public static readonly IReadOnlyList<string> WorklistColumns = [.. SummaryColumns, LastEventColumn];

    /// <summary>The partner's latest follow-up answer (<see cref="Issue.FollowUp"/>).</summary>
    public const string FollowUpAnswerColumn = "FollowUpAnswer";
    public const string FollowUpAtColumn = "FollowUpAt";
    /// <summary>1 at creation, one more at each write of the row: orders the row's states for the status totals. Absent (0) on older rows.</summary>
    public const string VersionColumn = "Version";

    public static string TallyRowKey(IssueNumber number) => TallyPrefix + number;

    /// <summary>The row's version (0 for a row written before versions).</summary>
    public static long VersionOf(TableEntity row) => row.GetInt64(VersionColumn) ?? 0;

    /// <summary>The marker of a change to apply to the status totals, written in the same transaction as the issue row.</summary>
    public static TableEntity TallyMarker(string sectorId, IssueNumber number, long version, DateTimeOffset at) => new(sectorId, TallyRowKey(number))
    {
        ["Number"] = number.ToString(),
        [VersionColumn] = version,
        ["At"] = at,
    };

    /// <summary>The response clock's facts (<see cref="IssueClock"/>); absent on rows written before it was kept on the issue.</summary>
    public const string ClockColumn = "Clock";
    /// <summary>The last reminder posted (<see cref="Issue.LastReminder"/>); written by the reminder sweep with a merge of these two columns only.</summary>
    public const string LastReminderKeyColumn = "LastReminderKey";
    public const string LastReminderAtColumn = "LastReminderAt";

    public static string UnfinishedRowKey(IssueNumber number) => UnfinishedPrefix + number;

    public static string IdempotencyRowKey(string reporterObjectId, string idempotencyKey) =>
        KeyPrefix + TableKey.Join(reporterObjectId.ToLowerInvariant(), idempotencyKey);

    public static TableEntity ToRow(Issue issue, long version) => new(issue.SectorId, IssueRowKey(issue.Number))
    {
        [VersionColumn] = version,
        ["Number"] = issue.Number.ToString(),
        ["CategoryId"] = issue.CategoryId,
        ["SubCategoryId"] = issue.SubCategoryId,
        ["ReporterObjectId"] = issue.Reporter.ObjectId,
        ["ReporterOrganisationId"] = issue.Reporter.OrganisationId,
        ["SiteId"] = issue.Site.SiteId,
        ["FreeAddress"] = issue.Site.FreeAddress,
        ["SiteDetail"] = issue.Site.Detail,
        ["LastOccurrence"] = TableKey.Date(issue.LastOccurrence),
        ["TimeOfDay"] = issue.TimeOfDay.ToString(),
        ["Frequency"] = issue.Frequency.ToString(),
        ["Description"] = issue.Description,
        ["Effect"] = issue.Effect,
        ["CreatedAt"] = issue.CreatedAt,
        ["Deadline"] = TableKey.Date(issue.Deadline),
        ["Status"] = issue.Status.ToString(),
        ["Outcome"] = issue.Outcome?.ToString(),
        ["FirstResponseAt"] = issue.FirstResponseAt,
        ["ClosedAt"] = issue.ClosedAt,
        ["PausedAt"] = issue.PausedAt,
        ["ThreadConversationId"] = issue.Thread?.ConversationId,
        ["ThreadRootActivityId"] = issue.Thread?.RootActivityId,
        [ClockColumn] = issue.Clock is null ? null : ClockText.Format(issue.Clock),
        [LastReminderKeyColumn] = issue.LastReminder?.Key,
        [LastReminderAtColumn] = issue.LastReminder?.At,
        [FollowUpAnswerColumn] = issue.FollowUp?.Answer.ToString(),
        [FollowUpAtColumn] = issue.FollowUp?.At,
    };

    /// <summary>The merge the reminder sweep writes: <see cref="Issue.LastReminder"/> only, whatever else the row holds.</summary>
    public static TableEntity LastReminderRow(string sectorId, IssueNumber number, SentReminder reminder) => new(sectorId, IssueRowKey(number))
    {
        [LastReminderKeyColumn] = reminder.Key,
        [LastReminderAtColumn] = reminder.At,
    };

    public static Issue FromRow(TableEntity row)
    {
        var threadConversation = row.GetString("ThreadConversationId");
        var outcome = row.GetString("Outcome");
        return new Issue
        {
            Number = IssueNumber.Parse(row.GetString("Number")),
            SectorId = row.PartitionKey,
            CategoryId = row.GetString("CategoryId"),
            SubCategoryId = row.GetString("SubCategoryId"),
            Reporter = new IssueReporter(row.GetString("ReporterObjectId"), row.GetString("ReporterOrganisationId")),
            Site = new IssueSite
            {
                SiteId = row.GetString("SiteId"),
                FreeAddress = row.GetString("FreeAddress"),
                Detail = row.GetString("SiteDetail"),
            },
            LastOccurrence = ParseDate(row.GetString("LastOccurrence")),
            TimeOfDay = Enum.Parse<TimeOfDay>(row.GetString("TimeOfDay")),
            Frequency = Enum.Parse<IssueFrequency>(row.GetString("Frequency")),
            // Empty when the row was read without its free texts (IIssueSummaries).
            Description = row.GetString("Description") ?? "",
            Effect = row.GetString("Effect"),
            CreatedAt = row.GetDateTimeOffset("CreatedAt")!.Value,
            Deadline = ParseDate(row.GetString("Deadline")),
            Status = Enum.Parse<IssueStatus>(row.GetString("Status")),
            Outcome = outcome is null ? null : Enum.Parse<IssueOutcome>(outcome),
            FirstResponseAt = row.GetDateTimeOffset("FirstResponseAt"),
            ClosedAt = row.GetDateTimeOffset("ClosedAt"),
            PausedAt = row.GetDateTimeOffset("PausedAt"),
            Thread = threadConversation is null ? null : new ChannelThread(threadConversation, row.GetString("ThreadRootActivityId")),
            Clock = row.GetString(ClockColumn) is { } clock ? ClockText.Parse(clock) : null,
            LastReminder = row.GetString(LastReminderKeyColumn) is { } key && row.GetDateTimeOffset(LastReminderAtColumn) is { } at
                ? new SentReminder(key, at)
                : null,
            FollowUp = row.GetString(FollowUpAnswerColumn) is { } answer && row.GetDateTimeOffset(FollowUpAtColumn) is { } answeredAt
                ? new FollowUpFeedback(Enum.Parse<FollowUpAnswer>(answer), answeredAt)
                : null,
        };
    }

    private static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private const string LastEventColumn = "LastEvent";

    /// <summary>The event of the transition this row's write applied (see <see cref="StoredIssue.LastEvent"/>).</summary>
    public static void SetLastEvent(TableEntity row, IssueEvent lastEvent)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(lastEvent);
        row[LastEventColumn] = System.Text.Json.JsonSerializer.Serialize(new StoredEvent(lastEvent.IssueNumber.ToString(), lastEvent.Id, lastEvent.Kind.ToString(), lastEvent.ActorObjectId,
            lastEvent.OccurredAt, lastEvent.Visibility.ToString(), lastEvent.Payload));
    }

    public static IssueEvent? LastEventOf(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.GetString(LastEventColumn) is not { Length: > 0 } json
            || System.Text.Json.JsonSerializer.Deserialize<StoredEvent>(json) is not { } stored
            || !Enum.TryParse<IssueEventKind>(stored.Kind, out var kind) || !Enum.TryParse<EventVisibility>(stored.Visibility, out var visibility))
        {
            return null;
        }
        return new IssueEvent
        {
            IssueNumber = IssueNumber.Parse(stored.Number),
            Id = stored.Id,
            Kind = kind,
            ActorObjectId = stored.Actor,
            OccurredAt = stored.At,
            Visibility = visibility,
            Payload = stored.Payload,
        };
    }

    private sealed record StoredEvent(string Number, string Id, string Kind, string Actor, DateTimeOffset At, string Visibility, string? Payload);
}

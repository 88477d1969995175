namespace SecuriteQuotidien.Domain.Privacy;

/// <summary>
/// How long personal data is kept. Bind from configuration section <see cref="SectionName"/>.
/// </summary>
public sealed record RetentionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Retention";

    /// <summary>Shortest accepted <see cref="PseudonymKey"/>.</summary>
    public const int PseudonymKeyMinLength = 32;

    /// <summary>
    /// A closed issue's reporter identity and free text are anonymised this many calendar months after
    /// closure (default 24). Its statistics fields are kept.
    /// </summary>
    public int AnonymiseClosedIssuesAfterMonths { get; init; } = 24;

    /// <summary>Processed-activity ids (redelivery guard) are deleted this many days after processing (default 7).</summary>
    public int PurgeProcessedActivitiesAfterDays { get; init; } = 7;

    /// <summary>Sent or failed outbox messages are deleted this many days after they settled (default 30).</summary>
    public int PurgeSettledOutboxMessagesAfterDays { get; init; } = 30;

    /// <summary>
    /// Secret key of the pseudonyms that replace object ids on anonymisation (at least
    /// <see cref="PseudonymKeyMinLength"/> characters; keep it in Key Vault or app settings, never in the repo).
    /// The same key gives the same pseudonym for the same person, so counts per reporter stay possible; changing
    /// it breaks that link for issues anonymised afterwards.
    /// </summary>
    public string? PseudonymKey { get; init; }

    /// <summary>Throws if a delay is not positive.</summary>
    public void Validate()
    {
        RequirePositive(AnonymiseClosedIssuesAfterMonths, nameof(AnonymiseClosedIssuesAfterMonths));
        RequirePositive(PurgeProcessedActivitiesAfterDays, nameof(PurgeProcessedActivitiesAfterDays));
        RequirePositive(PurgeSettledOutboxMessagesAfterDays, nameof(PurgeSettledOutboxMessagesAfterDays));
        if (PseudonymKey is not null && PseudonymKey.Length < PseudonymKeyMinLength)
        {
            throw new ArgumentOutOfRangeException(nameof(PseudonymKey),
                $"Must be at least {PseudonymKeyMinLength} characters.");
        }
    }

    private static void RequirePositive(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be at least 1.");
        }
    }
}

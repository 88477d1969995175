namespace SecuriteQuotidien.Domain.Issues;

/// <summary>Where an issue stands: Nouveau → Pris en compte → Réponse ciblée engagée → Suivi → Clos.</summary>
public enum IssueStatus
{
    New,
    Acknowledged,
    ResponseEngaged,
    FollowUp,
    Closed,
}

/// <summary>How a closed issue ended. Closed is not the same as fixed.</summary>
public enum IssueOutcome
{
    Resolved,
    NotResolved,
    OutOfScope,
    Duplicate,
}

/// <summary>When the problem usually happens.</summary>
public enum TimeOfDay
{
    Morning,
    Afternoon,
    Evening,
    Night,
}

/// <summary>How often the problem happens.</summary>
public enum IssueFrequency
{
    Once,
    SeveralTimesAMonth,
    Weekly,
    Daily,
}

/// <summary>French labels shown to users.</summary>
public static class IssueLabels
{
    public static string ToFrench(this IssueStatus status) => status switch
    {
        IssueStatus.New => "Nouveau",
        IssueStatus.Acknowledged => "Pris en compte",
        IssueStatus.ResponseEngaged => "Réponse ciblée engagée",
        IssueStatus.FollowUp => "Suivi",
        IssueStatus.Closed => "Clos",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string ToFrench(this IssueOutcome outcome) => outcome switch
    {
        IssueOutcome.Resolved => "Résolu",
        IssueOutcome.NotResolved => "Non résolu",
        IssueOutcome.OutOfScope => "Hors compétence",
        IssueOutcome.Duplicate => "Doublon",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static string ToFrench(this TimeOfDay timeOfDay) => timeOfDay switch
    {
        TimeOfDay.Morning => "Matin",
        TimeOfDay.Afternoon => "Après-midi",
        TimeOfDay.Evening => "Soirée",
        TimeOfDay.Night => "Nuit",
        _ => throw new ArgumentOutOfRangeException(nameof(timeOfDay), timeOfDay, null),
    };

    public static string ToFrench(this IssueFrequency frequency) => frequency switch
    {
        IssueFrequency.Once => "Ponctuel",
        IssueFrequency.SeveralTimesAMonth => "Plusieurs fois par mois",
        IssueFrequency.Weekly => "Chaque semaine",
        IssueFrequency.Daily => "Tous les jours",
        _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, null),
    };
}

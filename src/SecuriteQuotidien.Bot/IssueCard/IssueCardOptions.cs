using System.ComponentModel.DataAnnotations;

namespace SecuriteQuotidien.Bot.IssueCard;

/// <summary>What the issue's root card shows (its keys sit in section <c>Referent</c>, beside the referent's form limits).</summary>
public sealed class IssueCardOptions
{
    public const string SectionName = "Referent";

    /// <summary>How many of the last events the root card shows.</summary>
    [Range(0, 10)]
    public int EventsShown { get; set; } = 3;

    /// <summary>How many events the new thread of a transferred issue shows (the history follows the issue).</summary>
    [Range(1, 30)]
    public int TransferHistoryShown { get; set; } = 10;
}

/// <summary>The question asked to the partner after closure (section <c>FollowUp</c>).</summary>
public sealed class FollowUpOptions
{
    public const string SectionName = "FollowUp";

    /// <summary>Days after closure before the partner is asked whether the problem persists.</summary>
    [Range(1, 365)]
    public int DelayDays { get; set; } = 15;
}

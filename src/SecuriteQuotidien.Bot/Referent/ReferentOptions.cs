using System.ComponentModel.DataAnnotations;

namespace SecuriteQuotidien.Bot.Referent;

/// <summary>Limits of the referent's forms and what the issue card shows (section <c>Referent</c>).</summary>
public sealed class ReferentOptions
{
    public const string SectionName = "Referent";

    /// <summary>Maximum length of a pause reason (the reason itself is mandatory).</summary>
    [Range(10, 2000)]
    public int PauseReasonMaxLength { get; set; } = 300;

    /// <summary>Maximum length of the targeted response's summary for the partner, of the police-only note, of a question, of the message at closure.</summary>
    [Range(50, 4000)]
    public int TextMaxLength { get; set; } = 1000;

    /// <summary>Maximum length of the partner's answer to a question.</summary>
    [Range(50, 4000)]
    public int AnswerMaxLength { get; set; } = 2000;

    /// <summary>How many of the last events the root card shows.</summary>
    [Range(0, 10)]
    public int EventsShown { get; set; } = 3;

    /// <summary>How many events the new thread of a transferred issue shows (the history follows the issue).</summary>
    [Range(1, 30)]
    public int TransferHistoryShown { get; set; } = 10;

    /// <summary>How far ahead the date of a targeted response may be (a planned operation).</summary>
    [Range(0, 365)]
    public int ResponseDateMaxDaysAhead { get; set; } = 90;
}

/// <summary>The question asked to the partner after closure (section <c>FollowUp</c>).</summary>
public sealed class FollowUpOptions
{
    public const string SectionName = "FollowUp";

    /// <summary>Days after closure before the partner is asked whether the problem persists.</summary>
    [Range(1, 365)]
    public int DelayDays { get; set; } = 15;
}

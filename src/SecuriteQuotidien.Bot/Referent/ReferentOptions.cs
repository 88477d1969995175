using System.ComponentModel.DataAnnotations;

namespace SecuriteQuotidien.Bot.Referent;

/// <summary>Limits of the referent's forms (section <c>Referent</c>, where the issue card reads its own keys: <c>IssueCardOptions</c>).</summary>
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

    /// <summary>How far ahead the date of a targeted response may be (a planned operation).</summary>
    [Range(0, 365)]
    public int ResponseDateMaxDaysAhead { get; set; } = 90;
}

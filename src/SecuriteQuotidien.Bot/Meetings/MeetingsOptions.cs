using System.ComponentModel.DataAnnotations;

namespace SecuriteQuotidien.Bot.Meetings;

/// <summary>
/// How the GPO meeting kit runs. Its two keys keep the names they had beside the diagnostics and the export:
/// <c>Diagnostics:MinutesDecisionSlots</c> and <c>Export:TimelineConcurrency</c>.
/// </summary>
public sealed class MeetingsOptions
{
    public const string MinutesDecisionSlotsKey = "Diagnostics:MinutesDecisionSlots";
    public const string TimelineConcurrencyKey = "Export:TimelineConcurrency";

    /// <summary>Decision slots on the minutes form (default 3).</summary>
    [Range(1, 10)]
    public int MinutesDecisionSlots { get; set; } = 3;

    /// <summary>Timelines read at once for the police notes of the agenda's export (default 16).</summary>
    [Range(1, 256)]
    public int TimelineConcurrency { get; set; } = 16;
}

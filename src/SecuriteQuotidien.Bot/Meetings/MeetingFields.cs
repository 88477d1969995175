using System.Globalization;

namespace SecuriteQuotidien.Bot.Meetings;

/// <summary>Input ids and data fields of the meeting kit's cards (French on the wire).</summary>
public static class MeetingFields
{
    /// <summary>The sector of the agenda or the minutes (as on the other cards of a sector).</summary>
    public const string Sector = "secteur";
    public const string MeetingDate = "dateReunion";
    public const string Attendees = "participants";
    public const string Summary = "resume";

    /// <summary>On the agenda's buttons and the exports: "oui" for the version shared with partners.</summary>
    public const string PartnerSafe = "partenaires";

    /// <summary>Decision slot <paramref name="index"/> of the minutes form: "decision1-texte"...</summary>
    public static string Decision(int index, string part) => string.Create(CultureInfo.InvariantCulture, $"decision{index}-{part}");

    /// <summary>The prefix of every decision slot's inputs.</summary>
    public const string DecisionPrefix = "decision";
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Bot.Turns.Ports;

/// <summary>
/// What every button of an issue card carries: the issue (sector + number, sectors partition the
/// store) and the version of the state the card showed, so a stale or replayed click is detected.
/// </summary>
public sealed record IssueRef(string SectorId, IssueNumber Number, string? Version)
{
    public const string SectorField = "secteur";
    public const string NumberField = "numero";
    public const string VersionField = "version";

    public static IssueRef Of(Issue issue) => new(issue.SectorId, issue.Number, IssueVersion.Of(issue));

    public JsonObject ToData() => new()
    {
        [NumberField] = Number.ToString(),
        [SectorField] = SectorId,
        [VersionField] = Version,
    };

    public static IssueRef? Read(JsonObject data)
    {
        var sector = FormValues.Text(data, SectorField);
        return sector is not null && IssueNumber.TryParse(FormValues.Text(data, NumberField), out var number)
            ? new IssueRef(sector, number, FormValues.Text(data, VersionField))
            : null;
    }
}

/// <summary>
/// A short fingerprint of the state an issue card shows. Every transition changes it (status, pause,
/// first response, closure, sector, deadline), so a card older than the issue is recognised.
/// </summary>
public static class IssueVersion
{
    public static string Of(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var state = string.Join('|', issue.Status, issue.Outcome, Ticks(issue.PausedAt), Ticks(issue.FirstResponseAt),
            Ticks(issue.ClosedAt), issue.SectorId, issue.Deadline.DayNumber);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)).AsSpan(0, 6));
    }

    /// <summary>
    /// The id of the event an action records: the same click replayed (same verb, same card, same
    /// inputs) gives the same id, so the timeline, the card update and the partner message happen once.
    /// </summary>
    public static string EventIdOf(string verb, IssueNumber number, JsonObject data) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{verb}|{number}|{data.ToJsonString()}")).AsSpan(0, 12));

    private static string Ticks(DateTimeOffset? at) => at?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "-";
}

/// <summary>The answers every handler of an issue card's buttons gives the same way.</summary>
public static class IssueAnswers
{
    public const string NoIssue = "Ce bouton ne correspond à aucun signalement.";
    public const string Refusal =
        "Seuls le référent du secteur, son adjoint, le commissaire et les administrateurs peuvent agir sur ce signalement. Rien n'a été modifié.";
    public const string Moved = "Ce signalement a été transféré vers un autre secteur ou n'existe plus : rien n'a été modifié.";
}

/// <summary>
/// The answers to « Le problème persiste-t-il ? » on the wire: the question's buttons send one of these values in
/// <see cref="Field"/>, the partner's answers read them back.
/// </summary>
public static class FollowUpAnswers
{
    public const string Field = "reponse";
    public const string Yes = "oui";
    public const string Partly = "en-partie";
    public const string No = "non";

    public static IReadOnlyDictionary<string, FollowUpAnswer> ByValue { get; } = new Dictionary<string, FollowUpAnswer>
    {
        [Yes] = FollowUpAnswer.Yes,
        [Partly] = FollowUpAnswer.Partly,
        [No] = FollowUpAnswer.No,
    };
}

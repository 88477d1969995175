using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Bot.Turns.Ports;

/// <summary>The snapshots of a request, and whether some follow-up answers were left out (too many timelines to read).</summary>
public sealed record StatusIssues(IReadOnlyList<IssueSnapshot> Snapshots, bool FollowUpPartial);

/// <summary>
/// The issues a status request covers, read as the « point » card reads them, so that whoever else shows figures
/// (the Excel export) shows the same ones. Implemented by the Status feature.
/// </summary>
public interface IStatusIssueSource
{
    /// <summary>The reporter index lists at most this many issues of one partner.</summary>
    const int MaxPartnerIssues = 200;

    /// <param name="followUpAnswers">Read the timelines the follow-up answers need (summaries only; the digest does not show them).</param>
    Task<StatusIssues> LoadAsync(StatusQuery query, DateTimeOffset now, CancellationToken cancellationToken, bool followUpAnswers = true);
}

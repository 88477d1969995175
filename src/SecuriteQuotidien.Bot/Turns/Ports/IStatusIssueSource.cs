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

    /// <summary>Every issue the request covers, as snapshots (their clocks and follow-up answers are on the issue rows).</summary>
    Task<StatusIssues> LoadAsync(StatusQuery query, DateTimeOffset now, CancellationToken cancellationToken);
}

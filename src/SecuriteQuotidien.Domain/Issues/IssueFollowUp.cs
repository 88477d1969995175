using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Domain.Issues;

/// <summary>
/// The partner's answer to "Le problème persiste-t-il ?" after closure, recorded as a
/// <see cref="IssueEventKind.PartnerFeedback"/> event the statistics read back.
/// </summary>
public static class IssueFollowUp
{
    public const string Question = "Le problème persiste-t-il ?";

    /// <summary>The event recording the answer; the payload is readable French ("Le problème persiste-t-il ? Oui").</summary>
    public static IssueEvent AnswerEvent(Issue issue, FollowUpAnswer answer, string actorObjectId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return issue.EventOf(IssueEventKind.PartnerFeedback, actorObjectId, at, EventVisibility.PartnerVisible, $"{Question} {answer.ToFrench()}");
    }

    /// <summary>The latest follow-up answer of a timeline, or null when the partner never answered.</summary>
    public static FollowUpFeedback? LatestOf(IEnumerable<IssueEvent> timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return timeline
            .Where(e => e.Kind == IssueEventKind.PartnerFeedback)
            .Select(e => TryParse(e.Payload, out var answer) ? new FollowUpFeedback(answer, e.OccurredAt) : null)
            .Where(f => f is not null)
            .MaxBy(f => f!.At);
    }

    private static bool TryParse(string? payload, out FollowUpAnswer answer)
    {
        answer = default;
        if (payload is null || !payload.StartsWith(Question + " ", StringComparison.Ordinal))
        {
            return false;
        }
        var label = payload[(Question.Length + 1)..];
        foreach (var candidate in Enum.GetValues<FollowUpAnswer>())
        {
            if (candidate.ToFrench() == label)
            {
                answer = candidate;
                return true;
            }
        }
        return false;
    }
}

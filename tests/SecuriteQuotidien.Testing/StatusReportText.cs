using System.Globalization;
using System.Text;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Testing;

/// <summary>Everything a report says, as text, so that two reports compare field by field.</summary>
public static class StatusReportText
{
    public static string Of(StatusReport report)
    {
        var text = new StringBuilder();
        Figures(text, "total", report.Totals);
        foreach (var b in report.BySector)
        {
            Figures(text, "sector " + b.Id, b.Figures);
        }
        foreach (var b in report.ByCategory)
        {
            Figures(text, "category " + b.Id, b.Figures);
        }
        foreach (var e in report.Overdue)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"overdue {e.Issue.Number} {e.Issue.SectorId} {e.Issue.CategoryId} {e.Issue.Deadline} {e.Days} {e.Issue.IsPaused} {e.Issue.SiteId} {e.Issue.Status}");
        }
        foreach (var e in report.DueSoon)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"due {e.Issue.Number} {e.Issue.SectorId} {e.Issue.CategoryId} {e.Issue.Deadline} {e.Days} {e.Issue.IsPaused} {e.Issue.SiteId} {e.Issue.Status}");
        }
        foreach (var w in report.Trend)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"week {w.Monday} opened {w.Opened} on-time {w.AnsweredOnTime} missed {w.Missed}");
        }
        return text.ToString();
    }

    private static void Figures(StringBuilder text, string name, StatusFigures f) =>
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{name}: n {f.Issues} open {f.Open} overdue {f.Overdue} soon {f.DueSoon} paused {f.Paused} reopened {f.Reopened} id {f.Identified} "
            + $"closed {string.Join(',', f.ClosedByOutcome.OrderBy(c => c.Key).Select(c => c.Value))} ontime {f.OnTime.Numerator}/{f.OnTime.Denominator} "
            + $"paused-judged {f.OnTimePaused} median {f.MedianDaysToResponse} of {f.ResponsesMeasured} follow {f.FollowUp.Yes}/{f.FollowUp.Partly}/{f.FollowUp.No}");
}

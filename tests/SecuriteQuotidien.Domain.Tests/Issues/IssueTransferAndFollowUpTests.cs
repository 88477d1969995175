using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Domain.Tests.Issues;

public sealed class IssueTransferAndFollowUpTests
{
    private const string Referent = DemoPeople.Julien;
    private const string Partner = DemoPeople.Camille;
    private static readonly DateTimeOffset Created = new(2026, 3, 10, 9, 30, 0, TimeSpan.Zero);

    private static Issue NewIssue() =>
        Issue.Open(IssueLifecycleTests.Draft(), new IssueNumber("05", 2026, 42), Created, new DateOnly(2026, 4, 9)).Issue;

    [Fact]
    public void Transfer_moves_the_sector_clears_the_thread_and_records_a_police_only_event()
    {
        var issue = NewIssue().AttachThread(new ChannelThread("19:gap@thread.tacv2;messageid=1", "1"), "bot", Created).Issue;

        var (moved, transferred) = issue.Transfer("briancon-hyper-centre", Referent, Created.AddDays(1), "  Adresse à Briançon ");

        Assert.Equal("briancon-hyper-centre", moved.SectorId);
        Assert.Null(moved.Thread);
        Assert.Equal(issue.Status, moved.Status);
        Assert.Equal(issue.Deadline, moved.Deadline);
        Assert.Equal(IssueEventKind.Transferred, transferred.Kind);
        Assert.Equal(EventVisibility.PoliceOnly, transferred.Visibility);
        Assert.Equal("gap-hyper-centre → briancon-hyper-centre : Adresse à Briançon", transferred.Payload);
    }

    [Theory]
    [InlineData("gap-hyper-centre")]
    [InlineData("")]
    public void Transfer_to_the_same_or_no_sector_is_refused(string target)
    {
        var error = Assert.Throws<IssueRuleException>(() => NewIssue().Transfer(target, Referent, Created));
        Assert.Equal("Choisissez un autre secteur que le secteur actuel.", error.Message);
    }

    [Fact]
    public void A_closed_issue_cannot_be_transferred()
    {
        var closed = NewIssue().Close(Referent, Created.AddDays(2), IssueOutcome.Resolved).Issue;
        Assert.Throws<IssueRuleException>(() => closed.Transfer("briancon-hyper-centre", Referent, Created.AddDays(3)));
    }

    [Fact]
    public void The_latest_follow_up_answer_is_read_back_from_the_timeline()
    {
        var issue = NewIssue();
        var timeline = new[]
        {
            IssueFollowUp.AnswerEvent(issue, FollowUpAnswer.Yes, Partner, Created.AddDays(20)),
            issue.EventOf(IssueEventKind.PartnerFeedback, Partner, Created.AddDays(40), EventVisibility.PartnerVisible, "Merci !"),
            IssueFollowUp.AnswerEvent(issue, FollowUpAnswer.Partly, Partner, Created.AddDays(35)),
        };

        var latest = IssueFollowUp.LatestOf(timeline);

        Assert.Equal(new FollowUpFeedback(FollowUpAnswer.Partly, Created.AddDays(35)), latest);
        Assert.Equal("Le problème persiste-t-il ? Oui", timeline[0].Payload);
        Assert.Equal(EventVisibility.PartnerVisible, timeline[0].Visibility);
        Assert.Null(IssueFollowUp.LatestOf([timeline[1]]));
    }
}

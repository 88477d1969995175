using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Domain.Tests.Issues;

public sealed class IssueLifecycleTests
{
    private const string Referent = DemoPeople.Julien;
    private static readonly DateTimeOffset Created = new(2026, 3, 10, 9, 30, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    internal static IssueDraft Draft(string description = "Jeunes qui bloquent l'entrée du hall tous les soirs.") => new()
    {
        SectorId = "gap-hyper-centre",
        CategoryId = "occupation-parties-communes",
        Reporter = new IssueReporter(DemoPeople.Camille, "residence-les-cedres"),
        Site = IssueSite.Known("gap-residence-les-cedres-hall-a"),
        LastOccurrence = new DateOnly(2026, 3, 9),
        TimeOfDay = TimeOfDay.Evening,
        Frequency = IssueFrequency.Daily,
        Description = description,
    };

    private static Issue NewIssue() =>
        Issue.Open(Draft(), new IssueNumber("05", 2026, 42), Created, new DateOnly(2026, 4, 9)).Issue;

    [Fact]
    public void Opening_gives_a_new_issue_and_a_partner_visible_created_event()
    {
        var (issue, created) = Issue.Open(Draft("  Jeunes qui bloquent l'entrée du hall.  "), new IssueNumber("05", 2026, 42), Created, new DateOnly(2026, 4, 9));

        Assert.Equal(IssueStatus.New, issue.Status);
        Assert.Equal("Jeunes qui bloquent l'entrée du hall.", issue.Description);
        Assert.Equal(IssueEventKind.Created, created.Kind);
        Assert.Equal(EventVisibility.PartnerVisible, created.Visibility);
        Assert.Equal(DemoPeople.Camille, created.ActorObjectId);
        Assert.Equal(Created, created.OccurredAt);
    }

    [Fact]
    public void Walks_the_whole_lifecycle_and_keeps_both_clocks()
    {
        var issue = NewIssue();

        issue = issue.Acknowledge(Referent, Created.AddHours(1)).Issue;
        issue = issue.EngageResponse(Referent, Created.AddDays(5), "Patrouille ciblée").Issue;
        issue = issue.EngageResponse(Referent, Created.AddDays(8), "Médiation avec le bailleur").Issue;
        issue = issue.StartFollowUp(Referent, Created.AddDays(9)).Issue;
        var (closed, closing) = issue.Close(Referent, Created.AddDays(20), IssueOutcome.Resolved);

        Assert.Equal(IssueStatus.Closed, closed.Status);
        Assert.Equal(IssueOutcome.Resolved, closed.Outcome);
        Assert.Equal(Created.AddDays(5), closed.FirstResponseAt);
        Assert.Equal(Created.AddDays(20), closed.ClosedAt);
        Assert.Equal("Résolu", closing.Payload);
        Assert.False(closed.IsOpen);
    }

    [Fact]
    public void Closing_is_possible_from_new_with_a_non_fixed_outcome()
    {
        var (closed, closing) = NewIssue().Close(Referent, Created, IssueOutcome.OutOfScope, "Relève de la mairie");

        Assert.Equal(IssueOutcome.OutOfScope, closed.Outcome);
        Assert.Null(closed.FirstResponseAt);
        Assert.Equal("Hors compétence : Relève de la mairie", closing.Payload);
    }

    [Fact]
    public void Refuses_transitions_out_of_order_with_a_french_message()
    {
        var issue = NewIssue();

        var followUp = Assert.Throws<IssueRuleException>(() => issue.StartFollowUp(Referent, Created));
        Assert.Equal("Le suivi commence après une réponse ciblée.", followUp.Message);
        var acknowledged = issue.Acknowledge(Referent, Created).Issue;
        Assert.Throws<IssueRuleException>(() => acknowledged.Acknowledge(Referent, Created));
        Assert.Throws<IssueRuleException>(() => acknowledged.Reopen(Referent, Created));
        Assert.Throws<IssueRuleException>(() => acknowledged.EngageResponse(Referent, Created, " "));
    }

    [Fact]
    public void Closed_issue_only_reopens_and_reopening_clears_the_outcome()
    {
        var closed = NewIssue().Close(Referent, Created, IssueOutcome.Resolved).Issue;

        Assert.Throws<IssueRuleException>(() => closed.EngageResponse(Referent, Created, "x"));
        Assert.Throws<IssueRuleException>(() => closed.Pause(Referent, Created));
        Assert.Throws<IssueRuleException>(() => closed.Close(Referent, Created, IssueOutcome.Duplicate));
        var (reopened, reopening) = closed.Reopen(DemoPeople.Camille, Created.AddDays(2), "Le problème persiste");

        Assert.Equal(IssueStatus.Acknowledged, reopened.Status);
        Assert.Null(reopened.Outcome);
        Assert.Null(reopened.ClosedAt);
        Assert.Equal(IssueEventKind.Reopened, reopening.Kind);
    }

    [Fact]
    public void Pause_and_resume_are_police_only_and_close_ends_a_pause()
    {
        var (paused, pausing) = NewIssue().Pause(Referent, Created, "Enquête en cours");

        Assert.True(paused.IsPaused);
        Assert.Equal(EventVisibility.PoliceOnly, pausing.Visibility);
        Assert.Throws<IssueRuleException>(() => paused.Pause(Referent, Created));
        Assert.False(paused.Resume(Referent, Created).Issue.IsPaused);
        Assert.Throws<IssueRuleException>(() => NewIssue().Resume(Referent, Created));
        Assert.False(paused.Close(Referent, Created, IssueOutcome.Duplicate).Issue.IsPaused);
    }

    [Fact]
    public void Thread_is_set_once_and_setting_the_same_again_keeps_the_same_event_id()
    {
        var thread = new ChannelThread("19:demo-team@thread.tacv2", "1700000000000");
        var (posted, first) = NewIssue().AttachThread(thread, "bot", Created);

        var (again, second) = posted.AttachThread(thread, "bot", Created.AddMinutes(1));

        Assert.Equal(thread, again.Thread);
        Assert.Equal(first.Id, second.Id);
        Assert.Throws<IssueRuleException>(() => posted.AttachThread(thread with { RootActivityId = "autre" }, "bot", Created));
    }

    [Theory]
    // 09:30 UTC = 10:30 Paris (winter): same date.
    [InlineData("2026-03-10T09:30:00Z", 30, "2026-04-09")]
    // 23:30 UTC on 31 March = 01:30 Paris on 1 April (summer time): the Paris date counts.
    [InlineData("2026-03-31T23:30:00Z", 30, "2026-05-01")]
    // Late on 31 December UTC is already the new year in Paris.
    [InlineData("2026-12-31T23:30:00Z", 15, "2027-01-16")]
    public void Deadline_is_the_paris_creation_date_plus_the_delay(string created, int delay, string expected)
    {
        var deadline = Issue.DeadlineFor(DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture), delay, Paris);

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), deadline);
    }

    [Fact]
    public void French_labels_cover_every_status_and_outcome()
    {
        Assert.Equal(["Nouveau", "Pris en compte", "Réponse ciblée engagée", "Suivi", "Clos"],
            Enum.GetValues<IssueStatus>().Select(s => s.ToFrench()));
        Assert.Equal(["Résolu", "Non résolu", "Hors compétence", "Doublon"], Enum.GetValues<IssueOutcome>().Select(o => o.ToFrench()));
        Assert.Equal(["Matin", "Après-midi", "Soirée", "Nuit"], Enum.GetValues<TimeOfDay>().Select(t => t.ToFrench()));
        Assert.Equal(["Ponctuel", "Plusieurs fois par mois", "Chaque semaine", "Tous les jours"],
            Enum.GetValues<IssueFrequency>().Select(f => f.ToFrench()));
    }
}

using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Domain.Tests.Privacy;

public sealed class IssueAnonymiserTests
{
    private const string Partner = DemoPeople.Camille;
    private const string Referent = DemoPeople.Julien;
    private static readonly DateTimeOffset Closed = new(2026, 4, 2, 16, 45, 0, TimeSpan.Zero);
    private readonly IssueAnonymiser _anonymiser = new(new RetentionOptions { PseudonymKey = RetentionPolicyTests.Key });

    private static Issue DetailedClosedIssue() => RetentionPolicyTests.ClosedIssue(Closed) with
    {
        SubCategoryId = "regroupements",
        Effect = "Mme Martin n'ose plus sortir le soir.",
        Site = IssueSite.Address("12 rue de France, 05000 Gap", "hall B, chez M. Dupont"),
        FirstResponseAt = Closed.AddDays(-10),
        Thread = new ChannelThread("19:gap-hyper-centre@thread.tacv2", "1712345678901"),
    };

    [Fact]
    public void Anonymising_replaces_identity_and_free_text()
    {
        var anonymised = _anonymiser.Anonymise(DetailedClosedIssue());

        Assert.Equal(_anonymiser.Pseudonym(Partner), anonymised.Reporter.ObjectId);
        Assert.Matches("^anon-[0-9a-f]{32}$", anonymised.Reporter.ObjectId);
        Assert.Equal("[anonymisé]", anonymised.Description);
        Assert.Equal("[anonymisé]", anonymised.Effect);
        Assert.Equal("[anonymisé]", anonymised.Site.FreeAddress);
        Assert.Equal("[anonymisé]", anonymised.Site.Detail);
        Assert.True(IssueAnonymiser.IsAnonymised(anonymised));
    }

    [Fact]
    public void Anonymising_keeps_every_field_statistics_need()
    {
        var original = DetailedClosedIssue();

        var anonymised = _anonymiser.Anonymise(original);

        // Restoring only the replaced fields must give back the original: nothing else changed.
        Assert.Equal(original, anonymised with
        {
            Reporter = original.Reporter,
            Description = original.Description,
            Effect = original.Effect,
            Site = original.Site,
        });
        Assert.Equal(original.Reporter.OrganisationId, anonymised.Reporter.OrganisationId);
        Assert.Equal(original.Site.SiteId, anonymised.Site.SiteId);
        Assert.Equal(("gap-hyper-centre", "occupation-parties-communes", IssueStatus.Closed, IssueOutcome.Resolved, Closed),
            (anonymised.SectorId, anonymised.CategoryId, anonymised.Status, anonymised.Outcome!.Value, anonymised.ClosedAt!.Value));
    }

    [Fact]
    public void Absent_free_text_stays_absent_and_a_known_site_is_kept()
    {
        var issue = RetentionPolicyTests.ClosedIssue(Closed);

        var anonymised = _anonymiser.Anonymise(issue);

        Assert.Null(anonymised.Effect);
        Assert.Null(anonymised.Site.FreeAddress);
        Assert.Null(anonymised.Site.Detail);
        Assert.Equal(issue.Site.SiteId, anonymised.Site.SiteId);
    }

    [Fact]
    public void Anonymising_twice_changes_nothing()
    {
        var once = _anonymiser.Anonymise(DetailedClosedIssue());

        Assert.Equal(once, _anonymiser.Anonymise(once));
    }

    [Fact]
    public void Pseudonyms_are_stable_case_insensitive_and_depend_on_the_key()
    {
        var otherKey = new IssueAnonymiser(new RetentionOptions { PseudonymKey = RetentionPolicyTests.Key + "-autre" });

        Assert.Equal(_anonymiser.Pseudonym(Partner), _anonymiser.Pseudonym(Partner.ToUpperInvariant()));
        Assert.NotEqual(_anonymiser.Pseudonym(Partner), _anonymiser.Pseudonym(Referent));
        Assert.NotEqual(_anonymiser.Pseudonym(Partner), otherKey.Pseudonym(Partner));
        Assert.DoesNotContain("0001", _anonymiser.Pseudonym(Partner), StringComparison.Ordinal);
    }

    [Fact]
    public void An_open_issue_cannot_be_anonymised()
    {
        var reopened = RetentionPolicyTests.ClosedIssue(Closed).Reopen(Referent, Closed.AddDays(1)).Issue;

        Assert.Throws<InvalidOperationException>(() => _anonymiser.Anonymise(reopened));
    }

    [Fact]
    public void Anonymiser_requires_a_pseudonym_key()
    {
        Assert.Throws<InvalidOperationException>(() => new IssueAnonymiser(new RetentionOptions()));
    }

    [Fact]
    public void Events_keep_kind_instant_visibility_and_id_and_lose_people_and_text()
    {
        var issue = RetentionPolicyTests.ClosedIssue(Closed);
        var note = issue.EventOf(IssueEventKind.NoteAdded, Referent, Closed.AddDays(-2), EventVisibility.PoliceOnly,
            "M. Dupont, 06 12 34 56 78, connu des services.");
        var reminder = issue.EventOf(IssueEventKind.ReminderSent, "bot", Closed.AddDays(-5), EventVisibility.PoliceOnly, null);

        var anonymisedNote = _anonymiser.Anonymise(note);
        var anonymisedReminder = _anonymiser.Anonymise(reminder);

        Assert.Equal(note with { ActorObjectId = _anonymiser.Pseudonym(Referent), Payload = "[anonymisé]" }, anonymisedNote);
        Assert.Equal(reminder, anonymisedReminder);
    }
}

using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class IssueRepositoryTests(AzuriteFixture azurite)
{
    private const string Referent = DemoPeople.Julien;
    private const string Deputy = DemoPeople.Sophie;

    [Fact]
    public async Task Created_issue_round_trips_with_accents_and_a_2000_character_description()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var description = string.Concat(Enumerable.Repeat("Dégradations à l'entrée « Ç » ", 100))[..2000];
        var draft = TestStorage.Draft(description) with { Site = IssueSite.Address("12 rue de l'Écluse, Gap", "Côté cour, 2ᵉ étage") };

        var creation = await storage.Issues.CreateAsync(draft, "submit-1", CancellationToken.None);

        Assert.True(creation.Created);
        var issue = creation.Stored.Issue;
        Assert.Equal("05-2026-0001", issue.Number.ToString());
        Assert.Equal(2000, issue.Description.Length);
        // Created 2026-03-10 10:30 Paris; occupation des parties communes: 30 days.
        Assert.Equal(new DateOnly(2026, 4, 9), issue.Deadline);
        var read = await storage.Issues.GetAsync("gap-hyper-centre", issue.Number, CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(issue, read.Issue);
        Assert.Equal(creation.Stored.ETag, read.ETag);
    }

    [Fact]
    public async Task Lifecycle_state_round_trips_and_events_form_the_timeline()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var number = (await storage.Issues.CreateAsync(TestStorage.Draft(), "k", CancellationToken.None)).Stored.Issue.Number;
        var at = TestStorage.Start.AddHours(2);

        await storage.Issues.ApplyAsync("gap-hyper-centre", number, i => i.Acknowledge(Referent, at), CancellationToken.None);
        await storage.Issues.ApplyAsync("gap-hyper-centre", number,
            i => i.AttachThread(new ChannelThread("19:demo-team@thread.tacv2;messageid=1", "1"), "bot", at.AddMinutes(1)), CancellationToken.None);
        await storage.Issues.ApplyAsync("gap-hyper-centre", number,
            i => i.EngageResponse(Referent, at.AddDays(3), "Patrouille ciblée à 20 h, vérification des accès."), CancellationToken.None);
        await storage.Issues.ApplyAsync("gap-hyper-centre", number,
            i => i.Pause(Referent, at.AddDays(4), "Attente du retour du bailleur — réunion prévue."), CancellationToken.None);
        var change = await storage.Issues.ApplyAsync("gap-hyper-centre", number,
            i => i.Close(Deputy, at.AddDays(9), IssueOutcome.NotResolved, "Problème déplacé rue voisine"), CancellationToken.None);

        var read = (await storage.Issues.GetAsync("gap-hyper-centre", number, CancellationToken.None))!.Issue;
        Assert.Equal(change!.Value.Issue, read);
        Assert.Equal(IssueStatus.Closed, read.Status);
        Assert.Equal(IssueOutcome.NotResolved, read.Outcome);
        Assert.Equal(at.AddDays(3), read.FirstResponseAt);
        Assert.Null(read.PausedAt);
        Assert.Equal("1", read.Thread!.RootActivityId);

        var timeline = await storage.Events.ListAsync(number, partnerVisibleOnly: false, CancellationToken.None);
        Assert.Equal(
            [IssueEventKind.Created, IssueEventKind.Acknowledged, IssueEventKind.ThreadPosted, IssueEventKind.ResponseEngaged,
                IssueEventKind.Paused, IssueEventKind.Closed],
            timeline.Select(e => e.Kind));
        Assert.Equal("Attente du retour du bailleur — réunion prévue.", timeline[4].Payload);
        Assert.Equal(Referent, timeline[4].ActorObjectId);

        var partnerView = await storage.Events.ListAsync(number, partnerVisibleOnly: true, CancellationToken.None);
        Assert.DoesNotContain(partnerView, e => e.Visibility == EventVisibility.PoliceOnly);
        Assert.Equal(4, partnerView.Count);

        // The clock on the row (issue 20) is the one the timeline records, to the tick.
        Assert.Equal(IssueClock.FromTimeline(timeline), read.Clock);
        Assert.Equal([at.AddDays(3)], read.Clock!.Responses);
    }

    [Fact]
    public async Task A_row_stored_without_its_clock_gets_it_from_its_timeline_on_its_next_change()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var issue = (await storage.Issues.CreateAsync(TestStorage.Draft(), "k", CancellationToken.None)).Stored.Issue;
        var at = TestStorage.Start.AddHours(2);
        await storage.Issues.ApplyAsync(issue.SectorId, issue.Number, i => i.Pause(Referent, at, "Attente du bailleur"), CancellationToken.None);
        await storage.Issues.ApplyAsync(issue.SectorId, issue.Number, i => i.Resume(Referent, at.AddDays(2)), CancellationToken.None);
        // As written before the clock was kept on the issue.
        var row = (await storage.Tables.Issues.GetEntityAsync<Azure.Data.Tables.TableEntity>(issue.SectorId, "issue|" + issue.Number)).Value;
        row.Remove("Clock");
        await storage.Tables.Issues.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);
        Assert.Null((await storage.Issues.GetAsync(issue.SectorId, issue.Number, CancellationToken.None))!.Issue.Clock);

        await storage.Issues.ApplyAsync(issue.SectorId, issue.Number, i => i.EngageResponse(Referent, at.AddDays(3), "Patrouille"), CancellationToken.None);

        var read = (await storage.Issues.GetAsync(issue.SectorId, issue.Number, CancellationToken.None))!.Issue;
        Assert.Equal(new IssueClock
        {
            Pauses = [new Domain.Reminders.PauseInterval(at, at.AddDays(2))],
            Responses = [at.AddDays(3)],
        }, read.Clock);
    }

    [Fact]
    public async Task Appending_the_same_event_twice_keeps_one_and_long_payloads_survive()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var number = new IssueNumber("05", 2026, 77);
        var note = new IssueEvent
        {
            IssueNumber = number,
            Kind = IssueEventKind.NoteAdded,
            ActorObjectId = Referent,
            OccurredAt = TestStorage.Start,
            Visibility = EventVisibility.PoliceOnly,
            Payload = new string('é', 2000),
        };

        await storage.Events.AppendAsync(note, CancellationToken.None);
        await storage.Events.AppendAsync(note with { Payload = "autre" }, CancellationToken.None);

        var timeline = await storage.Events.ListAsync(number, partnerVisibleOnly: false, CancellationToken.None);
        Assert.Equal(note, Assert.Single(timeline));
    }

    [Fact]
    public async Task Two_writers_on_one_issue_lose_no_update_the_loser_re_reads_and_reapplies()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var number = (await storage.Issues.CreateAsync(TestStorage.Draft(), "k", CancellationToken.None)).Stored.Issue.Number;
        var at = TestStorage.Start.AddHours(1);
        var firstWriterCalls = 0;

        // The first writer reads; before it writes, the second writer commits. The first must get a
        // 412, re-read and apply its change on top of the second's.
        await storage.Issues.ApplyAsync("gap-hyper-centre", number, issue =>
        {
            if (Interlocked.Increment(ref firstWriterCalls) == 1)
            {
                storage.Issues.ApplyAsync("gap-hyper-centre", number,
                    i => i.AttachThread(new ChannelThread("19:demo-team@thread.tacv2", "root-1"), "bot", at), CancellationToken.None)
                    .GetAwaiter().GetResult();
            }
            return issue.Acknowledge(Referent, at);
        }, CancellationToken.None);

        Assert.Equal(2, firstWriterCalls);
        var read = (await storage.Issues.GetAsync("gap-hyper-centre", number, CancellationToken.None))!.Issue;
        Assert.Equal(IssueStatus.Acknowledged, read.Status);
        Assert.Equal("root-1", read.Thread?.RootActivityId);
    }

    [Fact]
    public async Task Update_with_a_stale_etag_is_refused()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var stored = (await storage.Issues.CreateAsync(TestStorage.Draft(), "k", CancellationToken.None)).Stored;
        var at = TestStorage.Start.AddHours(1);
        await storage.Issues.UpdateAsync(stored.Issue.Acknowledge(Referent, at).Issue, stored.ETag, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            storage.Issues.UpdateAsync(stored.Issue.Pause(Referent, at, null).Issue, stored.ETag, CancellationToken.None));

        var read = (await storage.Issues.GetAsync("gap-hyper-centre", stored.Issue.Number, CancellationToken.None))!.Issue;
        Assert.Equal(IssueStatus.Acknowledged, read.Status);
        Assert.False(read.IsPaused);
    }

    [Fact]
    public async Task Same_idempotency_key_twice_gives_one_issue_and_one_number()
    {
        var storage = await TestStorage.CreateAsync(azurite);

        var first = await storage.Issues.CreateAsync(TestStorage.Draft(), "card-submit-42", CancellationToken.None);
        var second = await storage.Issues.CreateAsync(TestStorage.Draft(), "card-submit-42", CancellationToken.None);
        var other = await storage.Issues.CreateAsync(TestStorage.Draft(), "card-submit-43", CancellationToken.None);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Stored.Issue, second.Stored.Issue);
        Assert.Equal(2, other.Stored.Issue.Number.Sequence);
        Assert.Equal(2, (await storage.Issues.ListBySectorAsync("gap-hyper-centre", CancellationToken.None)).Count);
        var created = await storage.Events.ListAsync(first.Stored.Issue.Number, false, CancellationToken.None);
        Assert.Single(created);
    }

    [Fact]
    public async Task Concurrent_double_click_creates_one_issue()
    {
        var storage = await TestStorage.CreateAsync(azurite);

        var results = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => storage.Issues.CreateAsync(TestStorage.Draft(), "double-click", CancellationToken.None))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Stored.Issue.Number).Distinct());
        Assert.Single(await storage.Issues.ListBySectorAsync("gap-hyper-centre", CancellationToken.None));
        Assert.Single(await storage.Issues.ListByReporterAsync(DemoPeople.Camille, 10, CancellationToken.None));
    }

    [Fact]
    public async Task My_reports_lists_only_the_reporters_issues_newest_first()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var first = await storage.Issues.CreateAsync(TestStorage.Draft(), "a", CancellationToken.None);
        storage.Time.Advance(TimeSpan.FromHours(1));
        var second = await storage.Issues.CreateAsync(TestStorage.Draft() with { SectorId = "gap-forte-densite" }, "b", CancellationToken.None);
        await storage.Issues.CreateAsync(TestStorage.Draft() with
        {
            Reporter = new IssueReporter(DemoPeople.Karim, "union-commercants-gap"),
        }, "a", CancellationToken.None);

        var mine = await storage.Issues.ListByReporterAsync(DemoPeople.Camille, 10, CancellationToken.None);

        Assert.Equal([second.Stored.Issue.Number, first.Stored.Issue.Number], mine.Select(i => i.Number));
        Assert.Single(await storage.Issues.ListByReporterAsync(DemoPeople.Camille, 1, CancellationToken.None));
    }

    [Fact]
    public async Task Invalid_draft_is_refused_without_spending_a_number()
    {
        var storage = await TestStorage.CreateAsync(azurite);

        await Assert.ThrowsAsync<IssueRuleException>(() =>
            storage.Issues.CreateAsync(TestStorage.Draft("trop court"[..5]), "bad", CancellationToken.None));
        await Assert.ThrowsAsync<IssueRuleException>(() =>
            storage.Issues.CreateAsync(TestStorage.Draft() with { LastOccurrence = new DateOnly(2026, 3, 11) }, "future", CancellationToken.None));
        var created = await storage.Issues.CreateAsync(TestStorage.Draft(), "good", CancellationToken.None);

        Assert.Equal(1, created.Stored.Issue.Number.Sequence);
    }

    [Fact]
    public async Task The_summary_listing_reads_every_column_but_the_free_texts()
    {
        var recorder = new RequestRecorder();
        var storage = await TestStorage.CreateAsync(azurite, recorder);
        var draft = TestStorage.Draft() with { Site = IssueSite.Address("12 rue de l'Écluse, Gap", "Côté cour") };
        var issue = (await storage.Issues.CreateAsync(draft, "summary", CancellationToken.None)).Stored.Issue;
        recorder.Clear();

        var summaries = await ((SecuriteQuotidien.Storage.Issues.IIssueSummaries)storage.Issues).ListBySectorAsync("gap-hyper-centre", CancellationToken.None);

        var summary = Assert.Single(summaries);
        Assert.Equal(issue with { Description = "", Effect = null, Site = issue.Site with { FreeAddress = null, Detail = null } }, summary);
        var query = Assert.Single(recorder.Requests);
        Assert.Contains("$select=", query, StringComparison.Ordinal);
        Assert.DoesNotContain("Description", query, StringComparison.Ordinal);
    }
}

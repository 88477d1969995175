using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Issues;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class IssueIntakeStoreTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_submit_costs_one_transaction_then_two_parallel_writes_and_its_marker_goes_with_the_next_transaction()
    {
        var recorder = new RequestRecorder();
        var storage = await TestStorage.CreateAsync(azurite, recorder);
        IIssueIntakeStore intake = storage.Issues;
        var warmUp = await intake.CreateAsync(TestStorage.Draft(), "warm-up", None); // reserves this instance's block of numbers
        await intake.CompleteAsync(warmUp.Stored.Issue, None);
        recorder.Clear();

        var creation = await intake.CreateAsync(TestStorage.Draft(), "submit-2", None);
        var stored = recorder.Requests;
        recorder.Clear();
        await intake.RecordCreatedAsync(creation.Stored.Issue, None);
        var recorded = recorder.Requests;
        recorder.Clear();
        await intake.CompleteAsync(creation.Stored.Issue, None);
        var completed = recorder.Requests;
        var unfinishedBeforeFlush = await storage.Tables.Issues.QueryAsync<Azure.Data.Tables.TableEntity>(
            "PartitionKey eq 'gap-hyper-centre' and RowKey ge 'unfinished|' and RowKey lt 'unfinished}'").CountAsync();
        recorder.Clear();
        var flushed = await intake.FlushCompletedAsync(None);
        var flushRequests = recorder.Requests;

        Assert.True(creation.Created);
        Assert.Equal(2, creation.Stored.Issue.Number.Sequence);
        // No key lookup: the issue, its key, its marker and the deletion of the warm-up's marker in one request.
        Assert.Single(stored, r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("$batch", StringComparison.Ordinal));
        Assert.Equal(2, recorded.Count);
        Assert.Contains(recorded, r => r.Contains("IssueEvents", StringComparison.Ordinal));
        Assert.Contains(recorded, r => r.Contains("IssuesByReporter", StringComparison.Ordinal));
        Assert.Empty(completed);
        Assert.Equal(1, unfinishedBeforeFlush); // the warm-up's marker left with the second transaction
        Assert.Equal(1, flushed);
        Assert.Single(flushRequests, r => r.Contains("$batch", StringComparison.Ordinal));
        Assert.Empty(await intake.ListUnfinishedAsync("gap-hyper-centre", TestStorage.Start.AddMinutes(5), None));
        Assert.Equal(0, await intake.FlushCompletedAsync(None));
    }

    [Fact]
    public async Task A_marker_already_removed_elsewhere_does_not_fail_the_next_submit_of_its_sector()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        IIssueIntakeStore intake = storage.Issues;
        var first = (await intake.CreateAsync(TestStorage.Draft(), "first", None)).Stored.Issue;
        await intake.CompleteAsync(first, None);
        // Another instance's recovery pass removed it meanwhile.
        await storage.Tables.Issues.DeleteEntityAsync("gap-hyper-centre", "unfinished|" + first.Number, Azure.ETag.All);

        var second = await intake.CreateAsync(TestStorage.Draft(), "second", None);

        Assert.True(second.Created);
        Assert.NotNull(await storage.Issues.GetAsync("gap-hyper-centre", second.Stored.Issue.Number, None));
        Assert.Equal([second.Stored.Issue], await intake.ListUnfinishedAsync("gap-hyper-centre", TestStorage.Start.AddMinutes(5), None));
        Assert.Equal(0, await intake.FlushCompletedAsync(None));
    }

    [Fact]
    public async Task The_marker_lists_an_interrupted_submit_until_it_is_completed()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        IIssueIntakeStore intake = storage.Issues;

        // Stored, then "crashed" before anything else: no timeline, no reporter index yet.
        var issue = (await intake.CreateAsync(TestStorage.Draft(), "crash", None)).Stored.Issue;
        var complete = (await intake.CreateAsync(TestStorage.Draft(), "fine", None)).Stored.Issue;
        await intake.RecordCreatedAsync(complete, None);
        await intake.CompleteAsync(complete, None);

        Assert.Empty(await storage.Events.ListAsync(issue.Number, false, None));
        Assert.Empty(await intake.ListUnfinishedAsync("gap-hyper-centre", TestStorage.Start, None)); // still within its grace time
        var unfinished = await intake.ListUnfinishedAsync("gap-hyper-centre", TestStorage.Start.AddMinutes(5), None);
        Assert.Equal([issue], unfinished);

        // The recovery finishes it; doing it twice is harmless.
        await intake.RecordCreatedAsync(unfinished[0], None);
        await intake.RecordCreatedAsync(unfinished[0], None);
        await intake.CompleteAsync(unfinished[0], None);
        await intake.CompleteAsync(unfinished[0], None);

        Assert.Empty(await intake.ListUnfinishedAsync("gap-hyper-centre", TestStorage.Start.AddMinutes(5), None));
        Assert.Equal([IssueEventKind.Created], (await storage.Events.ListAsync(issue.Number, false, None)).Select(e => e.Kind));
        Assert.Equal(2, (await storage.Issues.ListByReporterAsync(issue.Reporter.ObjectId, 10, None)).Count);
        // The markers are not issues.
        Assert.Equal(2, (await storage.Issues.ListBySectorAsync("gap-hyper-centre", None)).Count);
    }

    [Fact]
    public async Task The_same_draft_id_again_returns_the_stored_issue_without_a_second_issue_or_marker()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        IIssueIntakeStore intake = storage.Issues;

        var first = await intake.CreateAsync(TestStorage.Draft(), "double", None);
        var again = await intake.CreateAsync(TestStorage.Draft(), "double", None);
        var next = await intake.CreateAsync(TestStorage.Draft(), "other", None);

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Stored.Issue, again.Stored.Issue);
        // The repeat is found by its key row's conflict, after a number was drawn for it: that number stays unused.
        Assert.Equal(3, next.Stored.Issue.Number.Sequence);
        Assert.Equal(2, (await storage.Issues.ListBySectorAsync("gap-hyper-centre", None)).Count);
        Assert.Equal(2, (await intake.ListUnfinishedAsync("gap-hyper-centre", TestStorage.Start.AddMinutes(5), None)).Count);
    }
}

using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests;

/// <summary>Moving an issue between sector partitions (<see cref="IIssueRepository.TransferAsync"/>).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IssueTransferTests(AzuriteFixture azurite)
{
    private const string Referent = DemoPeople.Julien;
    private const string From = "gap-hyper-centre";
    private const string To = "briancon-hyper-centre";

    [Fact]
    public async Task A_transfer_moves_the_issue_to_the_target_partition_with_its_timeline_and_reporter_index()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var number = (await storage.Issues.CreateAsync(TestStorage.Draft(), "k", CancellationToken.None)).Stored.Issue.Number;
        var at = TestStorage.Start.AddHours(1);
        await storage.Issues.ApplyAsync(From, number,
            i => i.AttachThread(new ChannelThread("19:gap@thread.tacv2;messageid=1", "1"), "bot", at), CancellationToken.None);

        var change = await storage.Issues.TransferAsync(From, number, i => i.Transfer(To, Referent, at.AddHours(1), "Adresse à Briançon"), CancellationToken.None);

        Assert.NotNull(change);
        Assert.Null(await storage.Issues.GetAsync(From, number, CancellationToken.None));
        var moved = (await storage.Issues.GetAsync(To, number, CancellationToken.None))!.Issue;
        Assert.Equal(To, moved.SectorId);
        Assert.Null(moved.Thread);
        Assert.DoesNotContain(await storage.Issues.ListBySectorAsync(From, CancellationToken.None), i => i.Number == number);
        var mine = await storage.Issues.ListByReporterAsync(TestStorage.Draft().Reporter.ObjectId, 10, CancellationToken.None);
        Assert.Equal(To, Assert.Single(mine, i => i.Number == number).SectorId);
        var timeline = await storage.Events.ListAsync(number, partnerVisibleOnly: false, CancellationToken.None);
        var transfer = Assert.Single(timeline, e => e.Kind == IssueEventKind.Transferred);
        Assert.Equal($"{From} → {To} : Adresse à Briançon", transfer.Payload);
        Assert.Equal(Referent, transfer.ActorObjectId);
    }

    [Fact]
    public async Task A_second_transfer_from_the_old_sector_finds_nothing_and_changes_nothing()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var number = (await storage.Issues.CreateAsync(TestStorage.Draft(), "k", CancellationToken.None)).Stored.Issue.Number;
        var at = TestStorage.Start.AddHours(1);
        await storage.Issues.TransferAsync(From, number, i => i.Transfer(To, Referent, at), CancellationToken.None);

        var again = await storage.Issues.TransferAsync(From, number, i => i.Transfer(To, Referent, at), CancellationToken.None);

        Assert.Null(again);
        Assert.NotNull(await storage.Issues.GetAsync(To, number, CancellationToken.None));
        var timeline = await storage.Events.ListAsync(number, partnerVisibleOnly: false, CancellationToken.None);
        Assert.Single(timeline, e => e.Kind == IssueEventKind.Transferred);
    }

    [Fact]
    public async Task A_concurrent_change_of_the_source_is_carried_into_the_target()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var number = (await storage.Issues.CreateAsync(TestStorage.Draft(), "k", CancellationToken.None)).Stored.Issue.Number;
        var at = TestStorage.Start.AddHours(1);
        var interfered = false;

        var change = await storage.Issues.TransferAsync(From, number, issue =>
        {
            if (!interfered)
            {
                // Someone acknowledges the issue between our read and our delete.
                interfered = true;
                storage.Issues.ApplyAsync(From, number, i => i.Acknowledge(Referent, at), CancellationToken.None).GetAwaiter().GetResult();
            }
            return issue.Transfer(To, Referent, at.AddMinutes(5));
        }, CancellationToken.None);

        Assert.Equal(IssueStatus.Acknowledged, change!.Value.Issue.Status);
        Assert.Equal(IssueStatus.Acknowledged, (await storage.Issues.GetAsync(To, number, CancellationToken.None))!.Issue.Status);
        Assert.Null(await storage.Issues.GetAsync(From, number, CancellationToken.None));
    }

    [Fact]
    public async Task A_transition_that_keeps_the_sector_is_refused_before_any_write()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var number = (await storage.Issues.CreateAsync(TestStorage.Draft(), "k", CancellationToken.None)).Stored.Issue.Number;

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            storage.Issues.TransferAsync(From, number, i => i.Acknowledge(Referent, TestStorage.Start), CancellationToken.None));

        Assert.Equal(IssueStatus.New, (await storage.Issues.GetAsync(From, number, CancellationToken.None))!.Issue.Status);
    }
}

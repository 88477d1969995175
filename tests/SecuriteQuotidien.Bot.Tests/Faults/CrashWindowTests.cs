using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.IssueCard;
using SecuriteQuotidien.Bot.Tests.Delivery;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Faults;

/// <summary>A process that dies inside the delivery of a root card, at the points the killed-day test found.</summary>
public sealed class CrashWindowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_death_between_attaching_the_thread_and_recording_it_is_healed_by_the_next_instance_without_a_second_post()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        var prefix = DeliveryHost.NewPrefix();
        await using var dying = await DeliveryHost.StartAsync(azurite.ConnectionString, connector, prefix, withDispatcher: false);
        var directory = dying.Services.GetRequiredService<IDirectory>();
        var sector = directory.FindSector("gap-hyper-centre")!;
        var issue = (await dying.Issues.CreateAsync(new IssueDraft
        {
            SectorId = sector.Id,
            CategoryId = "incivilites",
            Reporter = new IssueReporter(DemoPeople.Partner, "residence-les-cedres"),
            Site = IssueSite.Known("gap-rue-carnot"),
            LastOccurrence = dying.Today.AddDays(-1),
            TimeOfDay = TimeOfDay.Evening,
            Frequency = IssueFrequency.Daily,
            Description = "Regroupement bruyant chaque soir devant l'entrée.",
        }, "draft-" + Guid.NewGuid().ToString("N"), None)).Stored;
        var key = $"root:{issue.Issue.Number}";
        await dying.Sender.StartThreadAsync(key, ChannelAddress.Of(directory, sector), new Activity { Type = ActivityTypes.Message, Text = "Nouveau signalement" },
            new ProactiveSendOptions { OnSent = AttachThreadPurpose.For(sector.Id, issue.Issue.Number) });
        Assert.Single(await dying.Outbox.ClaimDueAsync("dying-instance", 10, TimeSpan.FromSeconds(2), None));
        // It posted, stored the thread on the issue, and died before the timeline event and the outbox mark.
        var thread = new ChannelThread($"{sector.ChannelId};messageid=4242", "4242");
        await dying.Issues.UpdateAsync(issue.Issue with { Thread = thread }, issue.ETag, None);

        await using var survivor = await DeliveryHost.StartAsync(azurite.ConnectionString, connector, prefix);
        await survivor.WaitForStateAsync(key, OutboxState.Sent, TimeSpan.FromSeconds(30));

        Assert.Empty(connector.Requests);
        var events = survivor.Services.GetRequiredService<IIssueEventRepository>();
        Assert.Single(await events.ListAsync(issue.Issue.Number, partnerVisibleOnly: false, None), e => e.Kind == IssueEventKind.ThreadPosted);
        Assert.Equal(thread, (await survivor.Issues.GetAsync(sector.Id, issue.Issue.Number, None))!.Issue.Thread);
    }
}

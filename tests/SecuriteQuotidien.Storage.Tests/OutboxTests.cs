using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class OutboxTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    private static readonly ConversationReference Channel = new()
    {
        ConversationId = "19:demo-team@thread.tacv2;messageid=1700000000000",
        ServiceUrl = "https://smba.trafficmanager.net/fr/",
        ConversationType = "channel",
        TenantId = DemoDepartment.Tenant,
        TeamsChannelId = "19:demo-team@thread.tacv2",
    };

    private static string Activity(string text) => $$"""{"type":"message","text":"{{text}}"}""";

    [Fact]
    public async Task Message_round_trips_including_a_large_activity_with_accents()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var activity = Activity(string.Concat(Enumerable.Repeat("Relance J+15 : signalement « 05-2026-0042 » à traiter. ", 1500)));

        Assert.True(await storage.Outbox.EnqueueAsync("reminder/05-2026-0042/J15", Channel, activity, null, CancellationToken.None));

        var message = await storage.Outbox.GetAsync("reminder/05-2026-0042/J15", CancellationToken.None);
        Assert.NotNull(message);
        Assert.True(activity.Length > 64_000);
        Assert.Equal(activity, message.ActivityJson);
        Assert.Equal(Channel, message.Target);
        Assert.Equal(OutboxState.Pending, message.State);
        Assert.Equal(0, message.Attempts);
        Assert.Equal(TestStorage.Start, message.NextAttemptAt);
    }

    [Fact]
    public async Task Enqueue_with_a_known_key_is_ignored()
    {
        var storage = await TestStorage.CreateAsync(azurite);

        Assert.True(await storage.Outbox.EnqueueAsync("k1", Channel, Activity("un"), null, CancellationToken.None));
        Assert.False(await storage.Outbox.EnqueueAsync("k1", Channel, Activity("deux"), null, CancellationToken.None));

        var claims = await storage.Outbox.ClaimDueAsync("a", 10, ClaimFor, CancellationToken.None);
        Assert.Equal(Activity("un"), Assert.Single(claims).Message.ActivityJson);
    }

    [Fact]
    public async Task Two_instances_claiming_at_once_claim_each_message_once()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        for (var i = 0; i < 20; i++)
        {
            await storage.Outbox.EnqueueAsync($"m{i}", Channel, Activity($"message {i}"), null, CancellationToken.None);
        }

        var results = await Task.WhenAll(
            Task.Run(() => storage.Outbox.ClaimDueAsync("instance-a", 20, ClaimFor, CancellationToken.None)),
            Task.Run(() => storage.Outbox.ClaimDueAsync("instance-b", 20, ClaimFor, CancellationToken.None)));

        var claimed = results.SelectMany(r => r).Select(c => c.Message.Key).ToList();
        Assert.Equal(20, claimed.Count);
        Assert.Equal(20, claimed.Distinct().Count());
        Assert.Empty(await storage.Outbox.ClaimDueAsync("instance-c", 20, ClaimFor, CancellationToken.None));
    }

    [Fact]
    public async Task Completed_message_is_sent_and_not_claimed_again()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        await storage.Outbox.EnqueueAsync("k", Channel, Activity("x"), null, CancellationToken.None);
        var claim = Assert.Single(await storage.Outbox.ClaimDueAsync("a", 5, ClaimFor, CancellationToken.None));

        Assert.True(await storage.Outbox.CompleteAsync(claim, CancellationToken.None));
        storage.Time.Advance(TimeSpan.FromHours(1));

        Assert.Empty(await storage.Outbox.ClaimDueAsync("a", 5, ClaimFor, CancellationToken.None));
        var message = await storage.Outbox.GetAsync("k", CancellationToken.None);
        Assert.Equal(OutboxState.Sent, message!.State);
        Assert.Equal(1, message.Attempts);
        Assert.Equal(TestStorage.Start, message.SentAt);
    }

    [Fact]
    public async Task Rescheduled_message_comes_back_at_its_next_attempt_time()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        await storage.Outbox.EnqueueAsync("k", Channel, Activity("x"), null, CancellationToken.None);
        var claim = Assert.Single(await storage.Outbox.ClaimDueAsync("a", 5, ClaimFor, CancellationToken.None));

        Assert.True(await storage.Outbox.RescheduleAsync(claim, TestStorage.Start.AddMinutes(10), "429 Too Many Requests", CancellationToken.None));

        storage.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty(await storage.Outbox.ClaimDueAsync("a", 5, ClaimFor, CancellationToken.None));
        storage.Time.Advance(TimeSpan.FromMinutes(1));
        var again = Assert.Single(await storage.Outbox.ClaimDueAsync("b", 5, ClaimFor, CancellationToken.None));
        Assert.Equal(2, again.Message.Attempts);
        Assert.Equal("429 Too Many Requests", again.Message.LastError);
        Assert.Equal(OutboxState.Pending, again.Message.State);
    }

    [Fact]
    public async Task Permanently_failed_message_is_recorded_and_never_claimed_again()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        await storage.Outbox.EnqueueAsync("k", Channel, Activity("x"), null, CancellationToken.None);
        var claim = Assert.Single(await storage.Outbox.ClaimDueAsync("a", 5, ClaimFor, CancellationToken.None));

        Assert.True(await storage.Outbox.FailAsync(claim, "403 Forbidden: bot retiré de l'équipe", CancellationToken.None));
        storage.Time.Advance(TimeSpan.FromDays(1));

        Assert.Empty(await storage.Outbox.ClaimDueAsync("a", 5, ClaimFor, CancellationToken.None));
        var message = await storage.Outbox.GetAsync("k", CancellationToken.None);
        Assert.Equal(OutboxState.FailedPermanent, message!.State);
        Assert.Equal("403 Forbidden: bot retiré de l'équipe", message.LastError);
    }

    [Fact]
    public async Task Expired_claim_goes_to_another_instance_and_the_first_can_no_longer_settle_it()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        await storage.Outbox.EnqueueAsync("k", Channel, Activity("x"), null, CancellationToken.None);
        var first = Assert.Single(await storage.Outbox.ClaimDueAsync("a", 5, ClaimFor, CancellationToken.None));

        Assert.Empty(await storage.Outbox.ClaimDueAsync("b", 5, ClaimFor, CancellationToken.None));
        storage.Time.Advance(ClaimFor);
        var second = Assert.Single(await storage.Outbox.ClaimDueAsync("b", 5, ClaimFor, CancellationToken.None));

        Assert.False(await storage.Outbox.CompleteAsync(first, CancellationToken.None));
        Assert.True(await storage.Outbox.CompleteAsync(second, CancellationToken.None));
        Assert.Equal(2, (await storage.Outbox.GetAsync("k", CancellationToken.None))!.Attempts);
    }

    [Fact]
    public async Task Message_enqueued_for_later_is_not_due_before()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        await storage.Outbox.EnqueueAsync("later", Channel, Activity("x"), TestStorage.Start.AddHours(1), CancellationToken.None);

        Assert.Empty(await storage.Outbox.ClaimDueAsync("a", 5, ClaimFor, CancellationToken.None));
        storage.Time.Advance(TimeSpan.FromHours(1));
        Assert.Single(await storage.Outbox.ClaimDueAsync("a", 5, ClaimFor, CancellationToken.None));
    }
}

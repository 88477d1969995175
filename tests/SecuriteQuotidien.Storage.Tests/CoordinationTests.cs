using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Storage.State;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class CoordinationTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan LeaseFor = TimeSpan.FromMinutes(1);
    private const string Tenant = DemoDepartment.Tenant;

    [Fact]
    public async Task Of_two_contenders_one_holds_the_lease_and_expiry_lets_the_other_take_it()
    {
        var storage = await TestStorage.CreateAsync(azurite);

        var contenders = await Task.WhenAll(
            Task.Run(() => storage.Leases.TryAcquireAsync("reminder-sweep", "instance-a", LeaseFor, CancellationToken.None)),
            Task.Run(() => storage.Leases.TryAcquireAsync("reminder-sweep", "instance-b", LeaseFor, CancellationToken.None)));

        var holder = Assert.Single(contenders, l => l is not null)!;
        var other = holder.Owner == "instance-a" ? "instance-b" : "instance-a";
        Assert.Null(await storage.Leases.TryAcquireAsync("reminder-sweep", other, LeaseFor, CancellationToken.None));

        storage.Time.Advance(LeaseFor);
        var taken = await storage.Leases.TryAcquireAsync("reminder-sweep", other, LeaseFor, CancellationToken.None);

        Assert.NotNull(taken);
        Assert.Equal(TestStorage.Start + LeaseFor + LeaseFor, taken.ExpiresAt);
        Assert.Null(await storage.Leases.TryRenewAsync(holder, LeaseFor, CancellationToken.None));
    }

    [Fact]
    public async Task Renewal_keeps_the_lease_and_release_frees_it_at_once()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var lease = await storage.Leases.TryAcquireAsync("outbox", "a", LeaseFor, CancellationToken.None);
        storage.Time.Advance(TimeSpan.FromSeconds(50));

        var renewed = await storage.Leases.TryRenewAsync(lease!, LeaseFor, CancellationToken.None);
        storage.Time.Advance(TimeSpan.FromSeconds(50));

        Assert.NotNull(renewed);
        Assert.Null(await storage.Leases.TryAcquireAsync("outbox", "b", LeaseFor, CancellationToken.None));
        await storage.Leases.ReleaseAsync(renewed, CancellationToken.None);
        Assert.NotNull(await storage.Leases.TryAcquireAsync("outbox", "b", LeaseFor, CancellationToken.None));
    }

    [Fact]
    public async Task Processed_activity_is_marked_once_until_it_expires()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        const string conversation = "a:1Xy/Z#personnel?chat";

        Assert.True(await storage.ProcessedActivities.TryMarkProcessedAsync(conversation, "act-1", CancellationToken.None));
        Assert.False(await storage.ProcessedActivities.TryMarkProcessedAsync(conversation, "act-1", CancellationToken.None));
        Assert.True(await storage.ProcessedActivities.TryMarkProcessedAsync(conversation, "act-2", CancellationToken.None));

        storage.Time.Advance(new StorageOptions().ProcessedActivityRetention + TimeSpan.FromSeconds(1));
        Assert.True(await storage.ProcessedActivities.TryMarkProcessedAsync(conversation, "act-1", CancellationToken.None));
        Assert.False(await storage.ProcessedActivities.TryMarkProcessedAsync(conversation, "act-1", CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_redeliveries_are_processed_once()
    {
        var storage = await TestStorage.CreateAsync(azurite);

        var marks = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Task.Run(() => storage.ProcessedActivities.TryMarkProcessedAsync("19:c@thread.tacv2", "act", CancellationToken.None))));

        Assert.Single(marks, m => m);
    }

    [Fact]
    public async Task Conversation_references_round_trip_and_only_move_forward()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var user = new ConversationReference
        {
            ConversationId = "a:1personal-chat",
            ServiceUrl = "https://smba.trafficmanager.net/fr/",
            ConversationType = "personal",
            TenantId = Tenant,
            UserId = "29:1user",
            UserAadObjectId = DemoPeople.Camille,
            BotName = "Sécurité du Quotidien",
            Locale = "fr-FR",
            LastSeen = TestStorage.Start,
        };
        var channel = new ConversationReference
        {
            ConversationId = "19:demo-channel-briancon@thread.tacv2",
            ServiceUrl = "https://smba.trafficmanager.net/fr/",
            ConversationType = "channel",
            TenantId = Tenant,
            TeamId = "19:demo-team@thread.tacv2",
            TeamsChannelId = "19:demo-channel-briancon@thread.tacv2",
            LastSeen = TestStorage.Start,
        };
        await storage.Conversations.SaveAsync(user, CancellationToken.None);
        await storage.Conversations.SaveAsync(channel, CancellationToken.None);

        Assert.Equal(user, await storage.Conversations.FindUserAsync(Tenant, DemoPeople.Camille, CancellationToken.None));
        Assert.Equal(channel, await storage.Conversations.FindChannelAsync(Tenant, "19:demo-channel-briancon@thread.tacv2", CancellationToken.None));
        Assert.Null(await storage.Conversations.FindUserAsync("another-tenant", DemoPeople.Camille, CancellationToken.None));

        var newer = user with { ServiceUrl = "https://smba.trafficmanager.net/emea/", LastSeen = TestStorage.Start.AddHours(1) };
        var older = user with { ServiceUrl = "https://old.example/", LastSeen = TestStorage.Start.AddMinutes(-5) };
        await storage.Conversations.SaveAsync(newer, CancellationToken.None);
        await storage.Conversations.SaveAsync(older, CancellationToken.None);

        Assert.Equal(newer, await storage.Conversations.FindUserAsync(Tenant, DemoPeople.Camille, CancellationToken.None));
    }

    [Fact]
    public async Task A_channel_reference_is_read_once_per_cache_period_and_a_local_save_replaces_it_at_once()
    {
        var recorder = new RequestRecorder();
        var storage = await TestStorage.CreateAsync(azurite, recorder);
        var channel = new ConversationReference
        {
            ServiceUrl = "https://smba.trafficmanager.net/emea/",
            TenantId = Tenant,
            ConversationType = "channel",
            ConversationId = "19:cache-channel@thread.tacv2",
            TeamsChannelId = "19:cache-channel@thread.tacv2",
            LastSeen = TestStorage.Start,
        };
        Assert.Null(await storage.Conversations.FindChannelAsync(Tenant, channel.TeamsChannelId, CancellationToken.None));
        await storage.Conversations.SaveAsync(channel, CancellationToken.None);
        recorder.Clear();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(channel, await storage.Conversations.FindChannelAsync(Tenant, channel.TeamsChannelId, CancellationToken.None));
        }
        Assert.Empty(recorder.Requests);

        // Another instance moves the channel to a new service URL: seen here once the cache period is over.
        var otherInstance = new ConversationReferenceStore(storage.Tables, storage.Time, Options.Create(new StorageOptions()));
        var moved = channel with { ServiceUrl = "https://smba.trafficmanager.net/fr/", LastSeen = TestStorage.Start.AddHours(1) };
        await otherInstance.SaveAsync(moved, CancellationToken.None);
        Assert.Equal(channel, await storage.Conversations.FindChannelAsync(Tenant, channel.TeamsChannelId, CancellationToken.None));
        storage.Time.Advance(new StorageOptions().ChannelReferenceCacheDuration + TimeSpan.FromSeconds(1));
        recorder.Clear();
        Assert.Equal(moved, await storage.Conversations.FindChannelAsync(Tenant, channel.TeamsChannelId, CancellationToken.None));
        Assert.Single(recorder.Requests);

        // A save by this instance is used at once; user references are never cached.
        var newest = moved with { ServiceUrl = "https://smba.trafficmanager.net/amer/", LastSeen = TestStorage.Start.AddHours(2) };
        await storage.Conversations.SaveAsync(newest, CancellationToken.None);
        recorder.Clear();
        Assert.Equal(newest, await storage.Conversations.FindChannelAsync(Tenant, channel.TeamsChannelId, CancellationToken.None));
        Assert.Empty(recorder.Requests);
        await storage.Conversations.FindUserAsync(Tenant, DemoPeople.Camille, CancellationToken.None);
        await storage.Conversations.FindUserAsync(Tenant, DemoPeople.Camille, CancellationToken.None);
        Assert.Equal(2, recorder.Requests.Count);
    }
}

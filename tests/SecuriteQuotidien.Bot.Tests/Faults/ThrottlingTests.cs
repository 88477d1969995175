using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Tests.Delivery;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Faults;

/// <summary>Retries under throttling: they take pacing slots and wait at least what the connector said.</summary>
public sealed class ThrottlingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static ConversationPacer TeamsPacer(FakeTimeProvider time) =>
        new(DeliveryOptions.DefaultPacing, TimeSpan.FromMilliseconds(100), time);

    [Fact]
    public void A_retry_slot_is_never_before_it_is_due_and_counts_against_the_conversation_limit()
    {
        var time = new FakeTimeProvider(Start);
        var pacer = TeamsPacer(time);
        for (var i = 0; i < 7; i++)
        {
            Assert.True(pacer.TryReserve("a:one", DateTimeOffset.MaxValue, out _));
        }

        // Due in 300 ms, but seven sends already in this second: the eighth waits for the first to leave the window.
        var retry = pacer.Reserve("a:one", Start + TimeSpan.FromMilliseconds(300));
        Assert.Equal(Start + TimeSpan.FromMilliseconds(1_100), retry);
        // Due later than any limit: exactly when due. Another conversation is not affected.
        Assert.Equal(Start + TimeSpan.FromSeconds(5), pacer.Reserve("a:one", Start + TimeSpan.FromSeconds(5)));
        Assert.Equal(Start + TimeSpan.FromMilliseconds(300), pacer.Reserve("a:two", Start + TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public void A_held_conversation_gets_no_slot_before_the_hold_ends()
    {
        var time = new FakeTimeProvider(Start);
        var pacer = TeamsPacer(time);
        pacer.Hold("a:one", Start + TimeSpan.FromSeconds(4));

        Assert.False(pacer.TryReserve("a:one", Start + TimeSpan.FromSeconds(3), out var earliest));
        Assert.Equal(Start + TimeSpan.FromSeconds(4), earliest);
        Assert.True(pacer.TryReserve("a:two", Start, out var other));
        Assert.Equal(Start, other);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(pacer.TryReserve("a:one", DateTimeOffset.MaxValue, out var after));
        Assert.Equal(Start + TimeSpan.FromSeconds(5), after);
    }

    [Fact]
    public async Task A_429_outlasting_the_client_retry_is_retried_by_the_outbox_no_sooner_than_its_retry_after()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        // The outbox's own least delay after a 429 is 1 s here; the connector asks for 3 s.
        await using var host = await DeliveryHost.StartAsync(azurite.ConnectionString, connector);
        connector.FailNext(429, retryAfter: "3", code: "Throttled");
        connector.FailNext(429, retryAfter: "3", code: "Throttled");
        var directory = host.Services.GetRequiredService<IDirectory>();
        var channel = ChannelAddress.Of(directory, directory.FindSector("gap-hyper-centre")!);

        await host.Sender.ReplyInThreadAsync("reminder:retry-after", channel, "19:gap-hyper-centre@thread.tacv2;messageid=9", "9",
            new Activity { Type = ActivityTypes.Message, Text = "Relance" });

        var sent = await host.WaitForStateAsync("reminder:retry-after", OutboxState.Sent, TimeSpan.FromSeconds(30));
        Assert.Equal(2, sent.Attempts);
        var posts = connector.Posts;
        Assert.Equal(3, posts.Count);
        for (var i = 1; i < posts.Count; i++)
        {
            // 20 ms of scheduling jitter of the stand-in's timestamps is not an early retry.
            Assert.True(posts[i].ReceivedAt - posts[i - 1].ReceivedAt >= TimeSpan.FromMilliseconds(2_980),
                $"attempt {i + 1} came {posts[i].ReceivedAt - posts[i - 1].ReceivedAt} after a 429 saying 3 s");
        }
    }
}

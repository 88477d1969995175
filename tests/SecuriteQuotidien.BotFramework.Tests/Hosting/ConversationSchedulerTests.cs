using SecuriteQuotidien.BotFramework.Hosting;

namespace SecuriteQuotidien.BotFramework.Tests.Hosting;

public sealed class ConversationSchedulerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_flooding_conversation_fills_its_own_share_and_leaves_room_for_the_others()
    {
        var scheduler = new ConversationScheduler<int>(capacity: 10, perConversation: 4);

        var flood = Enumerable.Range(0, 100).Count(_ => scheduler.TryReserve("flood"));

        Assert.Equal(4, flood);
        Assert.True(scheduler.TryReserve("neighbour"));
        Assert.Equal(5, scheduler.Count);
    }

    [Fact]
    public void The_total_capacity_bounds_every_conversation_together()
    {
        var scheduler = new ConversationScheduler<int>(capacity: 3, perConversation: 2);
        Assert.True(scheduler.TryReserve("a"));
        Assert.True(scheduler.TryReserve("a"));
        Assert.True(scheduler.TryReserve("b"));

        Assert.False(scheduler.TryReserve("c"));
        scheduler.Cancel("b");
        Assert.True(scheduler.TryReserve("c"));
    }

    [Fact]
    public async Task Conversations_are_served_round_robin_one_turn_at_a_time_in_their_own_order()
    {
        var scheduler = new ConversationScheduler<string>(capacity: 100, perConversation: 10);
        foreach (var item in new[] { "a1", "a2", "a3", "b1", "c1", "b2" })
        {
            var conversation = item[..1];
            Assert.True(scheduler.TryReserve(conversation));
            scheduler.Add(conversation, item);
        }

        var order = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            using var timeout = new CancellationTokenSource(Bound);
            var turn = await scheduler.TakeAsync(timeout.Token);
            order.Add(turn.Item);
            scheduler.Finish(turn);
        }

        Assert.Equal(["a1", "b1", "c1", "a2", "b2", "a3"], order);
        Assert.Equal(0, scheduler.Count);
    }

    [Fact]
    public async Task A_conversation_with_a_running_turn_is_not_handed_to_a_second_worker()
    {
        var scheduler = new ConversationScheduler<string>(capacity: 100, perConversation: 10);
        foreach (var item in new[] { "a1", "a2", "b1" })
        {
            scheduler.TryReserve(item[..1]);
            scheduler.Add(item[..1], item);
        }
        using var timeout = new CancellationTokenSource(Bound);

        var first = await scheduler.TakeAsync(timeout.Token);
        var second = await scheduler.TakeAsync(timeout.Token);
        var third = scheduler.TakeAsync(CancellationToken.None).AsTask();

        Assert.Equal(["a1", "b1"], new[] { first.Item, second.Item });
        Assert.False(third.IsCompleted);
        scheduler.Finish(first);
        Assert.Equal("a2", (await third.WaitAsync(Bound)).Item);
    }

    [Fact]
    public async Task A_running_turn_counts_in_its_conversation_share_until_it_finishes()
    {
        var scheduler = new ConversationScheduler<string>(capacity: 100, perConversation: 1);
        Assert.True(scheduler.TryReserve("a"));
        scheduler.Add("a", "a1");
        using var timeout = new CancellationTokenSource(Bound);
        var turn = await scheduler.TakeAsync(timeout.Token);

        Assert.False(scheduler.TryReserve("a"));
        scheduler.Finish(turn);
        Assert.True(scheduler.TryReserve("a"));
    }
}

using System.Globalization;
using SecuriteQuotidien.Testing;
using Xunit.Abstractions;

namespace SecuriteQuotidien.EndToEnd.Tests.Faults;

/// <summary>
/// The real bot process killed with SIGKILL at random points of a scripted day and restarted each
/// time, against a run of the same day without kills: issues, events, the reminder index and the
/// messages sent (by idempotency key) must match, with no loss, and every text message acknowledged
/// with 202 must be answered (it is durable before its 202, and the restarted process takes it over).
/// A message posted to Teams whose outbox row was not yet marked sent when the process died is posted
/// again after the restart (the documented double-post window); those doubles are counted and bounded
/// by the kills times the conversations posted to (one outbox lane each); a repeated card update is
/// counted apart (same card, nothing visible). Each run kills the day under <see cref="Seeds"/> seeds (one reference run
/// without kills serves them all); set SQ_KILL_SEED to replay one seed, SQ_KILL_SEEDS to change how many.
/// </summary>
public sealed class KilledDayTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Kills = 4;
    private const int DefaultSeeds = 10;
    private readonly AzuriteFixture _azurite = new();

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public Task DisposeAsync() => _azurite.DisposeAsync();

    private static IReadOnlyList<int> Seeds()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("SQ_KILL_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var fixedSeed))
        {
            return [fixedSeed];
        }
        var count = int.TryParse(Environment.GetEnvironmentVariable("SQ_KILL_SEEDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : DefaultSeeds;
        return [.. Enumerable.Range(0, count).Select(_ => Random.Shared.Next())];
    }

    [Fact]
    public async Task A_day_with_the_process_killed_at_random_points_ends_like_the_same_day_without_kills_and_loses_no_message()
    {
        var started = DateTime.UtcNow;
        DaySnapshot reference;
        await using (var day = await ScriptedDay.StartAsync(_azurite.ConnectionString, killAt: null))
        {
            reference = await RunAsync(day);
        }
        output.WriteLine($"reference run {(DateTime.UtcNow - started).TotalSeconds:0.0} s; posts in {reference.PostedConversations} conversations");
        Assert.Equal(ScriptedDay.Reports + ScriptedDay.OldIssues, reference.Issues.Count);
        Assert.Equal(0, reference.DoublePosts);
        Assert.Equal(0, reference.LostMessages);

        var seeds = Seeds();
        var failures = new List<string>();
        var lost = 0;
        foreach (var seed in seeds)
        {
            try
            {
                await KilledRunAsync(seed, reference, count => lost += count);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or InvalidOperationException or TimeoutException)
            {
                var message = e.Message.Length > 4000 ? e.Message[..1000] + " … " + e.Message[^3000..] : e.Message;
                output.WriteLine($"seed {seed} FAILED: {message}");
                failures.Add($"seed {seed} (SQ_KILL_SEED={seed} replays it): {message}");
            }
        }
        output.WriteLine($"{seeds.Count} seeds, {Kills} kills each: {lost} text messages lost in all");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>One day killed under <paramref name="seed"/>, compared with the reference; the messages it lost go to <paramref name="countLost"/>.</summary>
    private async Task KilledRunAsync(int seed, DaySnapshot reference, Action<int> countLost)
    {
        var random = new Random(seed);
        // K distinct steps (after the installs), each killed after 0 to 400 ms of its request.
        var steps = Enumerable.Range(2, 16).OrderBy(_ => random.Next()).Take(Kills).ToHashSet();
        var delays = steps.ToDictionary(s => s, _ => TimeSpan.FromMilliseconds(random.Next(0, 400)));
        var started = DateTime.UtcNow;
        await using var killed = await ScriptedDay.StartAsync(_azurite.ConnectionString, step => delays.TryGetValue(step, out var d) ? d : null);
        var afterKills = await RunAsync(killed);
        output.WriteLine($"seed {seed}: run with kills {(DateTime.UtcNow - started).TotalSeconds:0.0} s; "
            + $"kills: {string.Join("; ", killed.Kills.Zip(steps.Order(), (name, step) => $"step {step} '{name}' after {delays[step].TotalMilliseconds:0} ms"))}");
        output.WriteLine($"seed {seed}: steps sent again after a restart: {killed.Resent}; posts: {afterKills.DistinctPosts} distinct "
            + $"(reference {reference.DistinctPosts}); double posts {afterKills.DoublePosts}; card updates repeated {afterKills.RepeatedUpdates}; text messages acknowledged 202 then lost: "
            + $"{afterKills.LostMessages} of {ScriptedDay.Reports}; answered twice: {afterKills.DoubleReplies}");
        countLost(afterKills.LostMessages);

        output.WriteLine($"seed {seed}: takeovers logged by the bot: "
            + killed.BotOutput.Split('\n').Count(l => l.Contains("not processed in time were taken over", StringComparison.Ordinal)));
        Assert.Equal(Kills, killed.Kills.Count);
        AssertSame("issues", reference.Issues, afterKills.Issues);
        AssertSame("events", reference.Events, afterKills.Events);
        AssertSame("reminder index", reference.Reminders, afterKills.Reminders);
        AssertSame("outbox messages", reference.Outbox, afterKills.Outbox);
        // Delivery is at least once: a kill between the connector's answer and the outbox's mark sends that message
        // again after the restart. The outbox sends on one lane per conversation, so a kill catches at most one
        // message per lane in flight; more would mean a message sent again without having been caught by a kill.
        Assert.InRange(afterKills.DoublePosts, 0, Kills * reference.PostedConversations);
        Assert.True(afterKills.LostMessages == 0, $"{afterKills.LostMessages} text messages acknowledged with 202 were never answered");
    }

    /// <summary>The same lines, as many times each (order aside).</summary>
    private static void AssertSame(string what, List<string> reference, List<string> afterKills)
    {
        var missing = reference.ToList();
        var extra = new List<string>();
        foreach (var line in afterKills)
        {
            if (!missing.Remove(line))
            {
                extra.Add(line);
            }
        }
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"The {what} differ from the run without kills. Missing: {string.Join(" | ", missing)}. Extra: {string.Join(" | ", extra)}.");
    }

    private async Task<DaySnapshot> RunAsync(ScriptedDay day)
    {
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await day.RunAsync();
            var steps = clock.Elapsed;
            await day.SettleAsync(TimeSpan.FromSeconds(60));
            output.WriteLine($"{(day.Kills.Count == 0 ? "reference" : "with kills")}: steps {steps.TotalSeconds:0.0} s, settled {(clock.Elapsed - steps).TotalSeconds:0.0} s later");
            return await day.SnapshotAsync();
        }
        catch (Exception e)
        {
            var output = day.BotOutput;
            throw new InvalidOperationException(e.Message + Environment.NewLine + (output.Length > 20_000 ? "…" + output[^20_000..] : output), e);
        }
    }
}

using System.Globalization;
using SecuriteQuotidien.Testing;
using Xunit.Abstractions;

namespace SecuriteQuotidien.EndToEnd.Tests.Faults;

/// <summary>
/// The real bot process killed with SIGKILL at random points of a scripted day and restarted each
/// time, against a run of the same day without kills: issues, events, the reminder index and the
/// messages sent (by idempotency key) must match, with no loss. A message posted to Teams whose outbox
/// row was not yet marked sent when the process died is posted again after the restart (the
/// documented double-post window); those doubles are counted and bounded by the number of kills.
/// Set SQ_KILL_SEED to replay a run.
/// </summary>
public sealed class KilledDayTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Kills = 4;
    private readonly AzuriteFixture _azurite = new();

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public Task DisposeAsync() => _azurite.DisposeAsync();

    [Fact]
    public async Task A_day_with_the_process_killed_at_random_points_ends_like_the_same_day_without_kills()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("SQ_KILL_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var fixedSeed)
            ? fixedSeed
            : Random.Shared.Next();
        output.WriteLine($"seed {seed} (SQ_KILL_SEED={seed} replays this run)");
        var random = new Random(seed);

        var started = DateTime.UtcNow;
        DaySnapshot reference;
        await using (var day = await ScriptedDay.StartAsync(_azurite.ConnectionString, killAt: null))
        {
            reference = await RunAsync(day);
        }
        var referenceTime = DateTime.UtcNow - started;

        // K distinct steps (after the installs), each killed after 0 to 400 ms of its request.
        var steps = Enumerable.Range(2, 16).OrderBy(_ => random.Next()).Take(Kills).ToHashSet();
        var delays = steps.ToDictionary(s => s, _ => TimeSpan.FromMilliseconds(random.Next(0, 400)));
        started = DateTime.UtcNow;
        await using var killed = await ScriptedDay.StartAsync(_azurite.ConnectionString, step => delays.TryGetValue(step, out var d) ? d : null);
        var afterKills = await RunAsync(killed);
        output.WriteLine($"reference run {referenceTime.TotalSeconds:0.0} s; run with kills {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        output.WriteLine($"kills: {string.Join("; ", killed.Kills.Zip(steps.Order(), (name, step) => $"step {step} '{name}' after {delays[step].TotalMilliseconds:0} ms"))}");
        output.WriteLine($"steps sent again after a restart: {killed.Resent}");
        output.WriteLine($"posts: {afterKills.DistinctPosts} distinct (reference {reference.DistinctPosts}); double posts {afterKills.DoublePosts} (reference {reference.DoublePosts})");
        output.WriteLine($"text messages acknowledged 202 then lost with the process: {afterKills.LostMessages} of {ScriptedDay.Reports} (reference {reference.LostMessages})");

        Assert.Equal(Kills, killed.Kills.Count);
        Assert.Equal(ScriptedDay.Reports + ScriptedDay.OldIssues, reference.Issues.Count);
        AssertSame("issues", reference.Issues, afterKills.Issues);
        AssertSame("events", reference.Events, afterKills.Events);
        AssertSame("reminder index", reference.Reminders, afterKills.Reminders);
        AssertSame("outbox messages", reference.Outbox, afterKills.Outbox);
        Assert.Equal(0, reference.DoublePosts);
        Assert.InRange(afterKills.DoublePosts, 0, Kills);
        Assert.Equal(0, reference.LostMessages);
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

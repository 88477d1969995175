using Stopwatch = System.Diagnostics.Stopwatch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Reminders;
using SecuriteQuotidien.Bot.Tests.Reminders;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Faults;
using Xunit.Abstractions;

namespace SecuriteQuotidien.Bot.Tests.Faults;

/// <summary>
/// A reminder burst (60 reminders due in 6 sector threads, plus partner messages) while the connector
/// answers half of the calls with 429 + Retry-After or 503, for 20 s of real time (the issue asks a
/// minute; the window and the Retry-After values are scaled down, the fault rate is not).
/// </summary>
public sealed class ConnectorBurstTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int IssuesPerSector = 10;
    private const int PartnerMessages = 5;
    private const int Seed = 20261128;
    private static readonly TimeSpan FaultWindow = TimeSpan.FromSeconds(20);
    private static readonly CancellationToken None = CancellationToken.None;

    // Every sector of the department with a site of its own.
    private static readonly (string Sector, string Site)[] Sectors =
    [
        ("gap-hyper-centre", "gap-rue-carnot"),
        ("gap-zones-economiques", "gap-za-tokoro"),
        ("gap-forte-densite", "gap-arret-beauregard"),
        ("briancon-hyper-centre", "briancon-grande-rue"),
        ("briancon-zones-economiques", "briancon-za-sachas"),
        ("briancon-forte-densite", "briancon-arret-prorel"),
    ];

    [Fact]
    public async Task Half_the_calls_throttled_or_refused_for_20_s_every_message_is_delivered_once_paced_and_after_its_retry_after()
    {
        await using var standIn = await ConnectorStandIn.StartAsync();
        await using var connector = await FaultyConnector.StartAsync(standIn, Seed);
        var prefix = ReminderHost.NewPrefix();
        await SeedIssuesDueForJ15Async(prefix);

        // The sweep enqueues the burst; the dispatching instance starts with the faults.
        ReminderSweepResult sweep;
        await using (var sweeping = await ReminderHost.StartAsync(azurite.ConnectionString, prefix, TestClock.Default(), serviceUrl: connector.ServiceUrl))
        {
            sweep = await sweeping.Worker.RunOnceAsync(None);
            await sweeping.Services.GetRequiredService<IConversationReferenceStore>().SaveAsync(new ConversationReference
            {
                ConversationId = "a:partner-burst",
                ServiceUrl = connector.ServiceUrl,
                ConversationType = "personal",
                TenantId = DemoDepartment.Tenant,
                UserId = "29:1camille",
                UserAadObjectId = DemoPeople.Partner,
                LastSeen = TestClock.DefaultStart,
            }, None);
            var sender = sweeping.Services.GetRequiredService<IProactiveSender>();
            for (var i = 0; i < PartnerMessages; i++)
            {
                await sender.SendToUserAsync($"burst:partner:{i}", new UserAddress(DemoDepartment.Tenant, DemoPeople.Partner),
                    new Activity { Type = ActivityTypes.Message, Text = $"Suivi de votre signalement, message {i}" });
            }
        }
        Assert.Equal(Sectors.Length * IssuesPerSector, sweep.Enqueued.Count);

        var clock = Stopwatch.StartNew();
        connector.StartFaults(FaultWindow, failureRate: 0.5, 1, 2, 4);
        // Product retry settings, except the least pause after a 429 (5 s) scaled down like the window.
        await using var dispatching = await ReminderHost.StartAsync(azurite.ConnectionString, prefix, TestClock.Default(), new Dictionary<string, string?>
        {
            ["BotFramework:ConnectorMaxRetryAttempts"] = "3",
            ["Delivery:ThrottledMinDelay"] = "00:00:01",
            ["Delivery:RetryMaxDelay"] = "00:00:08",
        }, connector.ServiceUrl, withDispatcher: true);

        var expected = sweep.Enqueued.Count + PartnerMessages;
        await standIn.WaitForPostsAsync(expected, TimeSpan.FromSeconds(90));
        await Task.Delay(1_500); // anything sent twice would arrive now
        var delivered = clock.Elapsed;

        var attempts = connector.Attempts;
        var throttled = attempts.Where(a => a.Status == 429).ToList();
        var refused = attempts.Count(a => a.Status == 503);
        var busiestSecond = FaultyConnector.BusiestWindow(attempts, TimeSpan.FromSeconds(1));
        var busiest30 = FaultyConnector.BusiestWindow(attempts, TimeSpan.FromSeconds(30));
        var early = RetriesEarlierThanTold(attempts);
        output.WriteLine($"seed {Seed}: {expected} messages, {attempts.Count} connector attempts ({throttled.Count} × 429, {refused} × 503) "
            + $"in a {FaultWindow.TotalSeconds:0} s fault window; all delivered after {delivered.TotalSeconds:0.0} s; "
            + $"busiest conversation: {busiestSecond} attempts in 1 s, {busiest30} in 30 s; retries earlier than Retry-After: {early.Count}");

        // Delivered exactly once each: the stand-in saw every message, none twice.
        var posts = standIn.Posts.GroupBy(p => (p.Path, Body: p.Body!.ToJsonString())).ToList();
        Assert.Equal(expected, posts.Count);
        Assert.All(posts, p => Assert.Single(p));
        Assert.True(throttled.Count > 10 && refused > 10, "the fault window really refused calls");
        // Teams' per-conversation limits, over every attempt (refused ones count too).
        Assert.InRange(busiestSecond, 1, 7);
        Assert.InRange(busiest30, 1, 60);
        Assert.Empty(early);
    }

    /// <summary>Attempts of one message that came sooner after a 429 than its Retry-After said (20 ms of timestamp jitter allowed).</summary>
    private static List<string> RetriesEarlierThanTold(IReadOnlyList<ConnectorAttempt> attempts) =>
        [.. attempts
            .GroupBy(a => (a.Method, a.Path, a.Body))
            .SelectMany(message => message.OrderBy(a => a.ReceivedAt).Zip(message.OrderBy(a => a.ReceivedAt).Skip(1)))
            .Where(pair => pair.First.RetryAfter is { } told && pair.Second.ReceivedAt - pair.First.ReceivedAt < told - TimeSpan.FromMilliseconds(20))
            .Select(pair => $"{pair.First.Path}: retried {(pair.Second.ReceivedAt - pair.First.ReceivedAt).TotalMilliseconds:0} ms after a 429 saying {pair.First.RetryAfter}")];

    /// <summary>
    /// 60 issues created 20 days ago (their J+15 reminder is due, within the sweep's catch-up), ten per
    /// sector sharing one thread of the sector's channel, so that each thread gets ten reminders at once.
    /// </summary>
    private async Task SeedIssuesDueForJ15Async(string prefix)
    {
        // The sweeping hosts run on the test clock (Tuesday 17 November 2026): the J+15 of these issues is Thursday 12 November.
        var past = new FakeTimeProvider(TestClock.DefaultStart.AddDays(-20));
        await using var seeding = await ReminderHost.StartAsync(azurite.ConnectionString, prefix, past);
        var root = 7000;
        foreach (var (sectorId, site) in Sectors)
        {
            var sector = seeding.Directory.FindSector(sectorId)!;
            root++;
            var thread = new ChannelThread($"{sector.ChannelId};messageid={root}", root.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // One at a time: the number allocator's back-off would wait on the frozen clock.
            for (var i = 0; i < IssuesPerSector; i++)
            {
                var issue = await seeding.CreateIssueAsync(sectorId, "incivilites", site, withThread: false);
                await seeding.Issues.ApplyAsync(sectorId, issue.Number, i => i.AttachThread(thread, "bot", past.GetUtcNow()), None);
            }
        }
    }
}

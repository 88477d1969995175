using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Issues;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class DueDayIndexTests(AzuriteFixture azurite)
{
    private static DueReminder Reminder(DateOnly day, int sequence, string key, string sector = "gap-hyper-centre") =>
        new(day, sector, new IssueNumber("05", 2026, sequence), key, new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero));

    [Fact]
    public async Task Consecutive_days_are_one_range_query_over_their_partitions_and_other_days_a_query_each()
    {
        var recorder = new RequestRecorder();
        var storage = await TestStorage.CreateAsync(azurite, recorder);
        var start = new DateOnly(2026, 4, 1);
        for (var d = 0; d < 30; d++)
        {
            await storage.DueDays.AddAsync(Reminder(start.AddDays(d), d + 1, "J15"), CancellationToken.None);
            await storage.DueDays.AddAsync(Reminder(start.AddDays(d), d + 100, "J30", "briancon-hyper-centre"), CancellationToken.None);
        }
        recorder.Clear();

        DateOnly[] asked = [new(2026, 4, 9), new(2026, 4, 10), new(2026, 4, 11), new(2026, 4, 20)];
        var due = await storage.DueDays.ListAsync(asked.Reverse(), CancellationToken.None);

        Assert.Equal(8, due.Count);
        Assert.Equal(asked.SelectMany(d => new[] { d, d }), due.Select(r => r.Day));
        var queries = recorder.Requests;
        Assert.Equal(2, queries.Count);
        Assert.All(queries, q => Assert.StartsWith("GET ", q));
        Assert.Contains(queries, q => q.Contains("$filter=PartitionKey ge '2026-04-09' and PartitionKey le '2026-04-11'", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("$filter=PartitionKey eq '2026-04-20'", StringComparison.Ordinal));
        Assert.All(queries, q => Assert.DoesNotContain(" or ", q, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sweep_marker_round_trips_and_is_never_read_as_a_day()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var marker = new DueDaySweepMarker(storage.Tables);
        await storage.DueDays.AddAsync(Reminder(new DateOnly(2026, 4, 1), 1, "J15"), CancellationToken.None);

        Assert.Null(await marker.GetLastCompletedAsync(CancellationToken.None));
        await marker.SetLastCompletedAsync(new DateOnly(2026, 4, 1), CancellationToken.None);
        await marker.SetLastCompletedAsync(new DateOnly(2026, 4, 2), CancellationToken.None);

        Assert.Equal(new DateOnly(2026, 4, 2), await marker.GetLastCompletedAsync(CancellationToken.None));
        var all = await storage.DueDays.ListAsync(Enumerable.Range(0, 62).Select(i => new DateOnly(2026, 3, 1).AddDays(i)), CancellationToken.None);
        Assert.Single(all);
    }

    [Fact]
    public async Task Reminders_round_trip_and_removal_is_idempotent()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var reminder = Reminder(new DateOnly(2026, 4, 9), 42, "C2-J15");
        await storage.DueDays.AddAsync(reminder, CancellationToken.None);
        await storage.DueDays.AddAsync(reminder, CancellationToken.None);

        Assert.Equal([reminder], await storage.DueDays.ListAsync([reminder.Day], CancellationToken.None));

        await storage.DueDays.RemoveAsync(reminder, CancellationToken.None);
        await storage.DueDays.RemoveAsync(reminder, CancellationToken.None);
        Assert.Empty(await storage.DueDays.ListAsync([reminder.Day], CancellationToken.None));
    }

    [Fact]
    public async Task Asking_for_too_many_days_is_refused()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var days = Enumerable.Range(0, 100).Select(d => new DateOnly(2026, 1, 1).AddDays(d));

        await Assert.ThrowsAsync<ArgumentException>(() => storage.DueDays.ListAsync(days, CancellationToken.None));
    }
}

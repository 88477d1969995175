using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class DueDayIndexTests(AzuriteFixture azurite)
{
    private static DueReminder Reminder(DateOnly day, int sequence, string key, string sector = "gap-hyper-centre") =>
        new(day, sector, new IssueNumber("05", 2026, sequence), key, new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero));

    [Fact]
    public async Task Query_reads_only_the_partitions_of_the_days_asked_for()
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

        var due = await storage.DueDays.ListAsync([new DateOnly(2026, 4, 9), new DateOnly(2026, 4, 10)], CancellationToken.None);

        Assert.Equal(4, due.Count);
        Assert.All(due, r => Assert.Contains(r.Day, new[] { new DateOnly(2026, 4, 9), new DateOnly(2026, 4, 10) }));
        var queries = recorder.Requests;
        Assert.Equal(2, queries.Count);
        Assert.All(queries, q => Assert.StartsWith("GET ", q));
        Assert.Contains(queries, q => q.Contains("$filter=PartitionKey eq '2026-04-09'", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("$filter=PartitionKey eq '2026-04-10'", StringComparison.Ordinal));
        Assert.All(queries, q => Assert.DoesNotContain(" or ", q, StringComparison.Ordinal));
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

using System.Collections.Concurrent;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class IssueNumberAllocatorTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Eight_instances_allocate_500_distinct_numbers_reserving_blocks_with_gaps_bounded_by_the_unused_blocks()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var instances = Enumerable.Range(0, 8).Select(_ => TestStorage.NewAllocator(storage.Tables, blockSize: 20)).ToList();
        var numbers = new ConcurrentBag<IssueNumber>();
        var remaining = 500;

        await Task.WhenAll(instances.Select(allocator => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                numbers.Add(await allocator.AllocateAsync("05", 2026, CancellationToken.None));
            }
        })));

        Assert.Equal(500, numbers.Count);
        Assert.Equal(500, numbers.Distinct().Count());
        Assert.All(numbers, n => Assert.Equal("05", n.DepartmentCode));
        var reservations = instances.Sum(a => a.Reservations);
        // One counter write per block of 20, not per number: 25 blocks plus at most one partly used per instance.
        Assert.InRange(reservations, 25, 25 + instances.Count);
        // Every number comes from a reserved block; what is missing is the unused rest of blocks.
        Assert.InRange(numbers.Max(n => n.Sequence), 500, reservations * 20);
        Assert.InRange(numbers.Max(n => n.Sequence) - numbers.Count, 0, instances.Count * 20);
    }

    [Fact]
    public async Task A_restarted_instance_skips_the_rest_of_its_block_and_never_reuses_a_number()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var before = TestStorage.NewAllocator(storage.Tables);
        var first = new[]
        {
            await before.AllocateAsync("05", 2026, CancellationToken.None),
            await before.AllocateAsync("05", 2026, CancellationToken.None),
            await before.AllocateAsync("05", 2026, CancellationToken.None),
        };

        var afterRestart = TestStorage.NewAllocator(storage.Tables);
        var next = await afterRestart.AllocateAsync("05", 2026, CancellationToken.None);

        Assert.Equal([1, 2, 3], first.Select(n => n.Sequence));
        Assert.Equal(21, next.Sequence);
        Assert.Equal(4, (await before.AllocateAsync("05", 2026, CancellationToken.None)).Sequence);
    }

    [Fact]
    public async Task Forty_numbers_cost_two_counter_writes()
    {
        var recorder = new RequestRecorder();
        var storage = await TestStorage.CreateAsync(azurite, recorder);
        recorder.Clear();

        var numbers = new List<IssueNumber>();
        for (var i = 0; i < 40; i++)
        {
            numbers.Add(await storage.Allocator.AllocateAsync("05", 2026, CancellationToken.None));
        }

        Assert.Equal(Enumerable.Range(1, 40), numbers.Select(n => n.Sequence));
        var counterRequests = recorder.Requests.Where(r => r.Contains("Counters", StringComparison.Ordinal)).ToList();
        // The first block: a read (nothing yet) and an insert; the second: a read and a conditional replace.
        Assert.Equal(4, counterRequests.Count);
        Assert.Equal(2, counterRequests.Count(r => r.StartsWith("GET ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Counters_are_per_department_and_year()
    {
        var storage = await TestStorage.CreateAsync(azurite);

        var a = await storage.Allocator.AllocateAsync("05", 2026, CancellationToken.None);
        var b = await storage.Allocator.AllocateAsync("05", 2026, CancellationToken.None);
        var c = await storage.Allocator.AllocateAsync("05", 2027, CancellationToken.None);
        var d = await storage.Allocator.AllocateAsync("2A", 2026, CancellationToken.None);

        Assert.Equal(["05-2026-0001", "05-2026-0002", "05-2027-0001", "2A-2026-0001"], new[] { a, b, c, d }.Select(n => n.ToString()));
    }
}

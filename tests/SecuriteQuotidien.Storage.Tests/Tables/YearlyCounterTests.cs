using System.Collections.Concurrent;
using Azure.Data.Tables;
using SecuriteQuotidien.Storage.Tables;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests.Tables;

[Collection(AzuriteCollection.Name)]
public sealed class YearlyCounterTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Concurrent_instances_get_distinct_consecutive_numbers()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var instances = Enumerable.Range(0, 4).Select(_ => Counter(storage)).ToList();
        var numbers = new ConcurrentBag<int>();

        await Task.WhenAll(instances.Select(counter => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                var (first, last) = await counter.ReserveAsync("05", 2026, count: 1, CancellationToken.None);
                Assert.Equal(first, last);
                numbers.Add(first);
            }
        })));

        Assert.Equal(Enumerable.Range(1, 40), numbers.Order());
        var row = await storage.Tables.Counters.GetEntityAsync<TableEntity>("test-number", "05-2026");
        Assert.Equal(40, row.Value.GetInt32("Last"));
    }

    [Fact]
    public async Task Blocks_follow_each_other_and_each_department_and_year_counts_on_its_own()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var counter = Counter(storage);

        Assert.Equal((1, 20), await counter.ReserveAsync("05", 2026, count: 20, CancellationToken.None));
        Assert.Equal((21, 25), await counter.ReserveAsync("05", 2026, count: 5, CancellationToken.None));
        Assert.Equal((1, 1), await counter.ReserveAsync("05", 2027, count: 1, CancellationToken.None));
        Assert.Equal((1, 1), await counter.ReserveAsync("38", 2026, count: 1, CancellationToken.None));
        Assert.Equal((26, 26), await Counter(storage).ReserveAsync("05", 2026, count: 1, CancellationToken.None));
    }

    private static YearlyCounter Counter(TestStorage storage) =>
        new(storage.Tables.Counters, "test-number", TimeProvider.System, maxAttempts: 200); // real pauses between lost races
}

using Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Exports;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests.Exports;

/// <summary>
/// The stores that left the bot project for Storage (the exports' workbooks and signing key, the diagnostic cards'
/// locations), reached through their ports, and what Storage tells the features about transient failures.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BotStoresTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private ServiceProvider Services(string prefix)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Tables"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = prefix,
            ["Directory:Path"] = RepoPaths.Combine("departments", "hautes-alpes.json"),
        }).Build();
        return new ServiceCollection()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(TestStorage.Start))
            .AddLogging()
            .AddDepartmentDirectory(configuration)
            .AddTableStorage(configuration)
            .AddDiagnosticsStorage()
            .AddExportStorage()
            .BuildServiceProvider();
    }

    [Fact]
    public async Task A_stored_workbook_is_claimed_once_then_only_its_ticket_remains()
    {
        await using var services = Services(TestStorage.UniquePrefix());
        var store = services.GetRequiredService<IExportStore>();
        var id = store.NewId();
        Assert.StartsWith("20260310-", id, StringComparison.Ordinal);
        var content = Enumerable.Range(0, IExportStore.ChunkBytes + 10).Select(i => (byte)(i % 251)).ToArray();
        await store.SaveAsync(new ExportFile(id, DemoPeople.Commissioner, TestStorage.Start.AddMinutes(15), "export.xlsx", content), None);

        var ticket = await store.FindAsync(id, None);
        Assert.NotNull(ticket);
        Assert.Equal((DemoPeople.Commissioner, "export.xlsx", false, 2), (ticket.RequesterObjectId, ticket.FileName, ticket.Used, ticket.Chunks));
        Assert.Equal(content, await store.TryClaimAsync(ticket, None));
        // The same ticket again (a second request racing the first): its version is gone, nothing is given twice.
        Assert.Null(await store.TryClaimAsync(ticket, None));
        Assert.True((await store.FindAsync(id, None))!.Used);
        Assert.Null(await store.FindAsync("not-an-export-id", None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(
            new ExportFile(store.NewId(), DemoPeople.Commissioner, TestStorage.Start, "big.xlsx", new byte[IExportStore.MaxBytes + 1]), None));
    }

    [Fact]
    public async Task Every_instance_gets_the_one_signing_key_stored_first()
    {
        var prefix = TestStorage.UniquePrefix();
        await using var first = Services(prefix);
        await using var second = Services(prefix);

        var keys = await Task.WhenAll(
            first.GetRequiredService<IExportSigningKeyStore>().GetOrCreateAsync(32, None),
            second.GetRequiredService<IExportSigningKeyStore>().GetOrCreateAsync(32, None));

        Assert.Equal(keys[0], keys[1]);
        Assert.True(keys[0].Length >= 32);
        Assert.Equal(keys[0], await first.GetRequiredService<IExportSigningKeyStore>().GetOrCreateAsync(32, None));
    }

    [Fact]
    public async Task The_first_location_of_a_diagnostic_card_wins()
    {
        await using var services = Services(TestStorage.UniquePrefix());
        var cards = services.GetRequiredService<IDiagnosticCardStore>();
        var number = new DiagnosticNumber("05", 2026, 1);

        Assert.Null(await cards.GetAsync("gap-hyper-centre", number, None));
        Assert.True(await cards.TryAddAsync("gap-hyper-centre", number, new ChannelThread("19:c;messageid=1", "1"), None));
        Assert.False(await cards.TryAddAsync("gap-hyper-centre", number, new ChannelThread("19:c;messageid=2", "2"), None));
        Assert.Equal(new ChannelThread("19:c;messageid=1", "1"), await cards.GetAsync("gap-hyper-centre", number, None));
    }

    [Fact]
    public void Storage_says_which_failures_are_worth_a_retry()
    {
        Assert.True(StorageErrors.IsTransient(new RequestFailedException(503, "Server busy")));
        Assert.True(StorageErrors.IsTransient(new HttpRequestException("reset")));
        Assert.True(StorageErrors.IsTransient(new ConcurrencyConflictException("raced")));
        Assert.True(StorageErrors.IsTransient(new TimeoutException()));
        Assert.False(StorageErrors.IsTransient(new InvalidOperationException("a bug")));

        var spent = new AggregateException(new RequestFailedException(503, "busy"), new TimeoutException());
        Assert.False(StorageErrors.IsTransient(spent));
        Assert.True(StorageErrors.IsTransientAfterRetries(spent));
        Assert.False(StorageErrors.IsTransientAfterRetries(new AggregateException(new RequestFailedException(503, "busy"), new InvalidOperationException())));
        Assert.False(StorageErrors.IsTransientAfterRetries(new AggregateException()));
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Coordination;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Storage.Tables;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class StorageRegistrationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AddTableStorage_creates_the_prefixed_tables_at_start_and_wires_the_stores()
    {
        var prefix = TestStorage.UniquePrefix();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Tables"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = prefix,
            ["Directory:Path"] = RepoPaths.Combine("departments", "hautes-alpes.json"),
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddDepartmentDirectory(configuration)
            .AddTableStorage(configuration)
            .BuildServiceProvider();

        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var tables = services.GetRequiredService<StorageTables>();
        var names = new List<string>();
        await foreach (var table in tables.Service.QueryAsync(t => t.Name.CompareTo(prefix) >= 0))
        {
            if (table.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                names.Add(table.Name);
            }
        }
        Assert.Equal(tables.All.Select(t => t.Name).Order(), names.Order());
        Assert.Contains(prefix + "Issues", names);

        var issues = services.GetRequiredService<IIssueRepository>();
        var created = await issues.CreateAsync(TestStorage.Draft(), "di", CancellationToken.None);
        Assert.Equal(1, created.Stored.Issue.Number.Sequence);
        Assert.NotNull(services.GetRequiredService<IOutbox>());
        Assert.NotNull(services.GetRequiredService<ILeaseStore>());
        Assert.NotNull(services.GetRequiredService<IDueDayIndex>());
        Assert.NotNull(services.GetRequiredService<IConversationReferenceStore>());
        Assert.NotNull(services.GetRequiredService<IProcessedActivityStore>());
    }
}

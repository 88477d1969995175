using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage;
using SecuriteQuotidien.Storage.Coordination;
using SecuriteQuotidien.Storage.Departments;
using SecuriteQuotidien.Storage.Issues;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Storage.State;
using SecuriteQuotidien.Storage.Tables;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests;

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

/// <summary>Fresh tables (a unique prefix) on the shared Azurite, with the stores built over them.</summary>
public sealed class TestStorage
{
    public static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 30, 0, TimeSpan.Zero);

    private static readonly Lazy<DepartmentDirectory> ShippedDirectory = new(() =>
        DepartmentFileLoader.LoadAsync(RepoPaths.Combine("departments", "hautes-alpes.json"), CancellationToken.None).GetAwaiter().GetResult());

    private TestStorage(StorageTables tables, FakeTimeProvider time)
    {
        Tables = tables;
        Time = time;
        Allocator = NewAllocator(tables);
        Events = new IssueEventRepository(tables);
        Issues = new IssueRepository(tables, Allocator, Events, Directory, time, NullLogger<IssueRepository>.Instance);
        DueDays = new DueDayIndex(tables);
        Conversations = new ConversationReferenceStore(tables, time, Options.Create(new StorageOptions()));
        ProcessedActivities = new ProcessedActivityStore(tables, Options.Create(new StorageOptions()), time);
        Leases = new LeaseStore(tables, time);
        Outbox = new TableOutbox(tables, time);
    }

    public static DepartmentDirectory Directory => ShippedDirectory.Value;

    public StorageTables Tables { get; }
    public FakeTimeProvider Time { get; }
    public IssueNumberAllocator Allocator { get; }
    public IssueEventRepository Events { get; }
    public IssueRepository Issues { get; }
    public DueDayIndex DueDays { get; }
    public ConversationReferenceStore Conversations { get; }
    public ProcessedActivityStore ProcessedActivities { get; }
    public LeaseStore Leases { get; }
    public TableOutbox Outbox { get; }

    /// <summary>An allocator as one bot instance has it (its own in-memory block) over <paramref name="tables"/>.</summary>
    public static IssueNumberAllocator NewAllocator(StorageTables tables, int blockSize = 20) =>
        new(tables, TimeProvider.System, Options.Create(new StorageOptions { IssueNumberBlockSize = blockSize }), NullLogger<IssueNumberAllocator>.Instance);

    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<TestStorage> CreateAsync(AzuriteFixture azurite, HttpPipelinePolicy? policy = null)
    {
        var options = new TableClientOptions();
        if (policy is not null)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }
        var tables = new StorageTables(new TableServiceClient(azurite.ConnectionString, options), UniquePrefix());
        await tables.CreateAllAsync(CancellationToken.None);
        return new TestStorage(tables, new FakeTimeProvider(Start));
    }

    /// <summary>A valid draft from the demo partner (concierge in Gap hyper-centre).</summary>
    public static IssueDraft Draft(string description = "Regroupement bruyant dans le hall A chaque soir, portes forcées.") => new()
    {
        SectorId = "gap-hyper-centre",
        CategoryId = "occupation-parties-communes",
        SubCategoryId = "halls",
        Reporter = new IssueReporter(DemoPeople.Camille, "residence-les-cedres"),
        Site = IssueSite.Known("gap-residence-les-cedres-hall-a", "Hall A, près des boîtes aux lettres"),
        LastOccurrence = new DateOnly(2026, 3, 9),
        TimeOfDay = TimeOfDay.Evening,
        Frequency = IssueFrequency.Daily,
        Description = description,
        Effect = "Les résidents âgés n'osent plus sortir après 19 h.",
    };
}

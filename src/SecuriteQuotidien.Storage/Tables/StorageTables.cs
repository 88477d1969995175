using System.Text.RegularExpressions;
using Azure.Data.Tables;

namespace SecuriteQuotidien.Storage.Tables;

/// <summary>The tables of the bot, named with a configurable prefix. See docs/storage.md for their keys.</summary>
public sealed partial class StorageTables
{
    private int _created;

    public StorageTables(TableServiceClient service, string prefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (!PrefixPattern().IsMatch(prefix ?? ""))
        {
            throw new ArgumentException("Storage:TablePrefix must be 1 to 40 letters or digits, starting with a letter.", nameof(prefix));
        }
        Service = service;
        Prefix = prefix!;
        Issues = Table("Issues");
        IssuesByReporter = Table("IssuesByReporter");
        IssueEvents = Table("IssueEvents");
        DueDays = Table("DueDays");
        Counters = Table("Counters");
        Conversations = Table("Conversations");
        ProcessedActivities = Table("ProcessedActivities");
        Leases = Table("Leases");
        Outbox = Table("Outbox");
        StatusTotals = Table("StatusTotals");
    }

    public TableServiceClient Service { get; }
    public string Prefix { get; }

    public TableClient Issues { get; }
    public TableClient IssuesByReporter { get; }
    public TableClient IssueEvents { get; }
    public TableClient DueDays { get; }
    public TableClient Counters { get; }
    public TableClient Conversations { get; }
    public TableClient ProcessedActivities { get; }
    public TableClient Leases { get; }
    public TableClient Outbox { get; }
    public TableClient StatusTotals { get; }

    public IReadOnlyList<TableClient> All =>
        [Issues, IssuesByReporter, IssueEvents, DueDays, Counters, Conversations, ProcessedActivities, Leases, Outbox, StatusTotals];

    /// <summary>Creates the missing tables (once per process; safe to call again and from several instances).</summary>
    public async Task CreateAllAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 1)
        {
            return;
        }
        await Task.WhenAll(All.Select(table => table.CreateIfNotExistsAsync(cancellationToken)));
        Volatile.Write(ref _created, 1);
    }

    private TableClient Table(string name) => Service.GetTableClient(Prefix + name);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();
}

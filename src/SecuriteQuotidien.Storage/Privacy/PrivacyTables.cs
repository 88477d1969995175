using Azure.Data.Tables;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Privacy;

/// <summary>
/// The tables of the personal-data features, beside <see cref="StorageTables"/> and with the same prefix:
/// <c>AuditTrail</c>, <c>PoliceOnlyTexts</c> and <c>ClosedIssues</c> (see docs/protection-des-donnees.md).
/// </summary>
public sealed class PrivacyTables
{
    private readonly SemaphoreSlim _creating = new(1, 1);
    private volatile bool _created;

    public PrivacyTables(StorageTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        Storage = tables;
        AuditTrail = tables.Service.GetTableClient(tables.Prefix + "AuditTrail");
        PoliceOnlyTexts = tables.Service.GetTableClient(tables.Prefix + "PoliceOnlyTexts");
        ClosedIssues = tables.Service.GetTableClient(tables.Prefix + "ClosedIssues");
    }

    public StorageTables Storage { get; }
    public TableClient AuditTrail { get; }
    public TableClient PoliceOnlyTexts { get; }
    public TableClient ClosedIssues { get; }

    /// <summary>Creates the missing tables once per process (safe from several instances).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }
        await _creating.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await Task.WhenAll(new[] { AuditTrail, PoliceOnlyTexts, ClosedIssues }.Select(t => t.CreateIfNotExistsAsync(cancellationToken)));
                _created = true;
            }
        }
        finally
        {
            _creating.Release();
        }
    }
}

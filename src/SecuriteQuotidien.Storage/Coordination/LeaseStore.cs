using Azure;
using Azure.Data.Tables;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Coordination;

/// <summary>A held lease: pass it back to renew or release it.</summary>
public sealed record Lease(string Name, string Owner, DateTimeOffset ExpiresAt, string ETag);

/// <summary>Leases for periodic work: among several instances, the holder of a job's lease runs it.</summary>
public interface ILeaseStore
{
    /// <summary>Takes the lease if it is free, expired or already ours; null when another owner holds it.</summary>
    Task<Lease?> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Extends a held lease; null when it was lost (expired and taken by another).</summary>
    Task<Lease?> TryRenewAsync(Lease lease, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up so another instance need not wait for expiry. No-op if already lost.</summary>
    Task ReleaseAsync(Lease lease, CancellationToken cancellationToken);
}

/// <summary>PartitionKey = "lease", RowKey = lease name; owner and expiry, changed only with the ETag read.</summary>
public sealed class LeaseStore(StorageTables tables, TimeProvider time) : ILeaseStore
{
    private const string Partition = "lease";

    public async Task<Lease?> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var rowKey = TableKey.Escape(name);
        var existing = await tables.Leases.GetEntityIfExistsAsync<TableEntity>(Partition, rowKey, cancellationToken: cancellationToken);
        var now = time.GetUtcNow();
        var expiresAt = now + duration;
        var row = new TableEntity(Partition, rowKey) { ["Owner"] = owner, ["ExpiresAt"] = expiresAt };
        try
        {
            Response response;
            if (!existing.HasValue)
            {
                response = await tables.Leases.AddEntityAsync(row, cancellationToken);
            }
            else
            {
                var held = existing.Value!;
                var free = held.GetDateTimeOffset("ExpiresAt") <= now || held.GetString("Owner") == owner;
                if (!free)
                {
                    return null;
                }
                response = await tables.Leases.UpdateEntityAsync(row, held.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            return new Lease(name, owner, expiresAt, response.Headers.ETag!.Value.ToString());
        }
        catch (RequestFailedException ex) when (ex.IsLostRace())
        {
            return null;
        }
    }

    public async Task<Lease?> TryRenewAsync(Lease lease, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var expiresAt = time.GetUtcNow() + duration;
        var row = new TableEntity(Partition, TableKey.Escape(lease.Name)) { ["Owner"] = lease.Owner, ["ExpiresAt"] = expiresAt };
        try
        {
            // Unchanged ETag = nobody took it over, even if it had expired meanwhile.
            var response = await tables.Leases.UpdateEntityAsync(row, new ETag(lease.ETag), TableUpdateMode.Replace, cancellationToken);
            return lease with { ExpiresAt = expiresAt, ETag = response.Headers.ETag!.Value.ToString() };
        }
        catch (RequestFailedException ex) when (ex.IsLostRace())
        {
            return null;
        }
    }

    public async Task ReleaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            await tables.Leases.DeleteEntityAsync(Partition, TableKey.Escape(lease.Name), new ETag(lease.ETag), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.IsLostRace())
        {
            // Already taken over by another instance: nothing of ours to release.
        }
    }
}

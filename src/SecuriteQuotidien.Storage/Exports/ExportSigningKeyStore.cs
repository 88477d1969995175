using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Exports;

/// <summary>The key that signs the download links when none is configured: created once, shared by every instance.</summary>
public interface IExportSigningKeyStore
{
    /// <summary>
    /// The stored key when it has at least <paramref name="minimumLength"/> characters; otherwise a new random key
    /// is stored, unless another instance stored one first, which everyone then uses.
    /// </summary>
    Task<string> GetOrCreateAsync(int minimumLength, CancellationToken cancellationToken);
}

/// <summary>
/// The signing key as a row of the exports table: the key is as protected as the exports it signs (same storage
/// account), and a deployment needs no secret setting.
/// </summary>
public sealed class ExportSigningKeyStore(StorageTables tables) : IExportSigningKeyStore
{
    // Letters sort after the digit-only day partitions, so the purge of earlier days ("PartitionKey lt <day>") never reaches it.
    internal const string KeyPartition = "signing-key";
    internal const string KeyRow = "export-links";

    public async Task<string> GetOrCreateAsync(int minimumLength, CancellationToken cancellationToken)
    {
        var table = tables.Service.GetTableClient(tables.Prefix + ExportStore.TableName);
        await table.CreateIfNotExistsAsync(cancellationToken);
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(KeyPartition, KeyRow, cancellationToken: cancellationToken);
        if (existing.HasValue && existing.Value!.GetString("Key") is { } stored && stored.Length >= minimumLength)
        {
            return stored;
        }
        try
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            await table.AddEntityAsync(new TableEntity(KeyPartition, KeyRow) { ["Key"] = key }, cancellationToken);
            return key;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another instance created it first: everyone signs with that one.
            var winner = await table.GetEntityAsync<TableEntity>(KeyPartition, KeyRow, cancellationToken: cancellationToken);
            return winner.Value.GetString("Key");
        }
    }
}

using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Bot.Export;

/// <summary>
/// The link signer, keyed by <see cref="ExportOptions.SigningKey"/> when configured, otherwise by a random key
/// created once in the exports table and shared by every instance: a deployment needs no secret setting, and
/// the key is as protected as the exports it signs (same storage account).
/// </summary>
public sealed class ExportSignerSource(IOptions<ExportOptions> options, StorageTables tables)
{
    // Letters sort after the digit-only day partitions, so the purge of earlier days ("PartitionKey lt <day>") never reaches it.
    internal const string KeyPartition = "signing-key";
    internal const string KeyRow = "export-links";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private ExportLinkSigner? _signer;

    public async ValueTask<ExportLinkSigner> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _signer) is { } known)
        {
            return known;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _signer ??= new ExportLinkSigner(options.Value.SigningKey ?? await StoredKeyAsync(cancellationToken));
            return _signer;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> StoredKeyAsync(CancellationToken cancellationToken)
    {
        var table = tables.Service.GetTableClient(tables.Prefix + ExportStore.TableName);
        await table.CreateIfNotExistsAsync(cancellationToken);
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(KeyPartition, KeyRow, cancellationToken: cancellationToken);
        if (existing.HasValue && existing.Value!.GetString("Key") is { Length: >= ExportLinkSigner.MinimumKeyLength } stored)
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

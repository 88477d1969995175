using System.Text.Json;
using Azure.Data.Tables;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;

namespace SecuriteQuotidien.Storage.Privacy;

/// <summary>PartitionKey = issue number, RowKey = "text": the police-only layer of a masked issue.</summary>
public sealed class PoliceOnlyTextStore(PrivacyTables tables) : IPoliceOnlyTextStore
{
    private const string Row = "text";

    public async Task<PoliceOnlyText?> GetAsync(IssueNumber number, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var row = await tables.PoliceOnlyTexts.GetEntityIfExistsAsync<TableEntity>(number.ToString(), Row, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }
        var passages = JsonSerializer.Deserialize(row.Value!.GetString("MaskedPassages"), PrivacyJsonContext.Default.ListString) ?? [];
        return new PoliceOnlyText(number, row.Value.GetString("OriginalDescription"), row.Value.GetString("OriginalEffect"), passages);
    }

    public async Task SaveAsync(PoliceOnlyText text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        await tables.EnsureCreatedAsync(cancellationToken);
        var row = new TableEntity(text.Number.ToString(), Row)
        {
            ["OriginalDescription"] = text.OriginalDescription,
            ["OriginalEffect"] = text.OriginalEffect,
            ["MaskedPassages"] = JsonSerializer.Serialize(text.MaskedPassages.ToList(), PrivacyJsonContext.Default.ListString),
        };
        await tables.PoliceOnlyTexts.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task DeleteAsync(IssueNumber number, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        await tables.PoliceOnlyTexts.DeleteEntityAsync(number.ToString(), Row, cancellationToken: cancellationToken);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(List<string>))]
internal sealed partial class PrivacyJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

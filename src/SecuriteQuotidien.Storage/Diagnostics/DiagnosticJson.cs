using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Storage.Diagnostics;

/// <summary>
/// Diagnostics and minutes are stored as JSON in a row. A Table string property holds 64 KiB (32K UTF-16
/// characters), so the JSON is cut into Body0, Body1... properties; a row holds 1 MiB, well above the
/// domain's bounds (50 actions, 100 notes, 100 linked issues).
/// </summary>
internal static class DiagnosticJson
{
    private const int ChunkLength = 30_000;
    private const string ChunkCount = "BodyChunks";

    public static void WriteBody<T>(TableEntity row, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var json = JsonSerializer.Serialize(value, type);
        var chunks = json.Chunk(ChunkLength).Select(c => new string(c)).ToList();
        row[ChunkCount] = chunks.Count;
        for (var i = 0; i < chunks.Count; i++)
        {
            row["Body" + i] = chunks[i];
        }
    }

    public static T ReadBody<T>(TableEntity row, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var count = row.GetInt32(ChunkCount) ?? 0;
        var json = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            json.Append(row.GetString("Body" + i));
        }
        return JsonSerializer.Deserialize(json.ToString(), type) ?? throw new InvalidDataException($"Empty body in row {row.RowKey}.");
    }
}

internal sealed class DiagnosticNumberJsonConverter : JsonConverter<DiagnosticNumber>
{
    public override DiagnosticNumber Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DiagnosticNumber.Parse(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, DiagnosticNumber value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

internal sealed class IssueNumberJsonConverter : JsonConverter<IssueNumber>
{
    public override IssueNumber Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        IssueNumber.Parse(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, IssueNumber value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

[JsonSourceGenerationOptions(
    UseStringEnumConverter = true,
    IgnoreReadOnlyProperties = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(DiagnosticNumberJsonConverter), typeof(IssueNumberJsonConverter)])]
[JsonSerializable(typeof(Diagnostic))]
[JsonSerializable(typeof(MeetingMinutes))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class DiagnosticJsonContext : JsonSerializerContext;

using System.Globalization;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Storage.Diagnostics;

namespace SecuriteQuotidien.Storage.Status;

/// <summary>
/// Rows of the <c>StatusTotals</c> table, one partition per sector (docs/storage.md, « Status totals »): counters
/// (<c>stock</c>, <c>y|yyyy</c>, <c>m|yyyy-MM</c>, <c>d|yyyy-MM-dd</c>), listed issues (<c>late|yyyy-MM-dd</c>,
/// <c>sliding</c>) and, per issue, what it contributes (<c>issue|{number}</c>). Bodies are JSON (<see cref="DiagnosticJson"/>).
/// </summary>
internal static class TallyRows
{
    public const string Stock = "stock";
    public const string Sliding = "sliding";
    public const string IssuePrefix = "issue|";
    public const string LatePrefix = "late|";

    public static string Year(int year) => "y|" + year.ToString("D4", CultureInfo.InvariantCulture);

    public static string Month(DateOnly day) => "m|" + day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string Day(DateOnly day) => "d|" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Late(DateOnly day) => LatePrefix + DayKey(day);

    public static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Issue(IssueNumber number) => IssuePrefix + number;

    /// <summary>The detail key of a day in its month row ("dd"), of a month in its year row ("MM").</summary>
    public static string DayOfMonth(DateOnly day) => day.Day.ToString("D2", CultureInfo.InvariantCulture);

    public static string MonthOfYear(DateOnly day) => day.Month.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>"stock|{category}|{field}" or "{yyyy-MM-dd}|{category}|{field}": a count as the applied row lists it.</summary>
    public static string KeyOf(TallyCount count) =>
        $"{(count.Bucket.Day is { } day ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Stock)}|{count.CategoryId}|{count.Field}";

    public static TallyCount CountOf(string key)
    {
        var parts = key.Split('|', 3);
        var bucket = parts[0] == Stock ? TallyBucket.Stock : TallyBucket.On(DateOnly.ParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture));
        return new TallyCount(bucket, parts[1], parts[2]);
    }

    public static T Read<T>(TableEntity row, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => DiagnosticJson.ReadBody(row, type);

    public static TableEntity Write<T>(string sectorId, string rowKey, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var row = new TableEntity(sectorId, rowKey);
        DiagnosticJson.WriteBody(row, body, type);
        return row;
    }
}

/// <summary>Counters: category → field → count; in year and month rows also the before-today fields per month / day.</summary>
internal sealed class CounterBody
{
    [JsonPropertyName("t")]
    public Dictionary<string, Dictionary<string, long>> Totals { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Sub-bucket → category → field → count: in a year row per month ("MM") and in a month row per day ("dd") the
    /// deadline counters judged before today (owed, paused unanswered); in the stock row, per deadline day
    /// ("yyyy-MM-dd"), the open unanswered issues (overdue and due soon are read from it alone).
    /// </summary>
    [JsonPropertyName("d")]
    public Dictionary<string, Dictionary<string, Dictionary<string, long>>>? Detail { get; set; }

    /// <summary>In the stock row: year → dated counts stored in it, so that an unbounded range knows which years to read.</summary>
    [JsonPropertyName("y")]
    public Dictionary<string, long>? Years { get; set; }

    public bool IsEmpty => Totals.Count == 0 && (Detail is null || Detail.Count == 0) && (Years is null || Years.Count == 0);

    public static void Add(Dictionary<string, Dictionary<string, long>> counts, string category, string field, long delta)
    {
        if (!counts.TryGetValue(category, out var fields))
        {
            fields = new Dictionary<string, long>(StringComparer.Ordinal);
            counts[category] = fields;
        }
        var value = fields.GetValueOrDefault(field) + delta;
        if (value == 0)
        {
            fields.Remove(field);
            if (fields.Count == 0)
            {
                counts.Remove(category);
            }
        }
        else
        {
            fields[field] = value;
        }
    }

    public void AddDetail(string sub, string category, string field, long delta)
    {
        Detail ??= new Dictionary<string, Dictionary<string, Dictionary<string, long>>>(StringComparer.Ordinal);
        if (!Detail.TryGetValue(sub, out var counts))
        {
            counts = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
            Detail[sub] = counts;
        }
        Add(counts, category, field, delta);
        if (counts.Count == 0)
        {
            Detail.Remove(sub);
        }
    }

    public void AddYear(int year, long delta)
    {
        Years ??= new Dictionary<string, long>(StringComparer.Ordinal);
        var key = year.ToString("D4", CultureInfo.InvariantCulture);
        var value = Years.GetValueOrDefault(key) + delta;
        if (value == 0)
        {
            Years.Remove(key);
        }
        else
        {
            Years[key] = value;
        }
    }
}

/// <summary>An issue in a list row (see <see cref="TallyListEntry"/>).</summary>
internal sealed class EntryBody
{
    [JsonPropertyName("n")] public string Number { get; set; } = "";
    [JsonPropertyName("c")] public string Category { get; set; } = "";
    [JsonPropertyName("p")] public bool Paused { get; set; }
    [JsonPropertyName("tc")] public string? ThreadConversation { get; set; }
    [JsonPropertyName("tr")] public string? ThreadRoot { get; set; }
    [JsonPropertyName("k")] public int? DaysLeft { get; set; }
    [JsonPropertyName("si")] public string? Site { get; set; }
    [JsonPropertyName("st")] public IssueStatus Status { get; set; }

    public static EntryBody Of(TallyListEntry entry) => new()
    {
        Number = entry.Number.ToString(),
        Category = entry.CategoryId,
        Paused = entry.IsPaused,
        ThreadConversation = entry.Thread?.ConversationId,
        ThreadRoot = entry.Thread?.RootActivityId,
        DaysLeft = entry.DaysLeft,
        Site = entry.SiteId,
        Status = entry.Status,
    };

    public TallyListEntry ToEntry() => new(IssueNumber.Parse(Number), Category, Paused,
        ThreadConversation is null ? null : new ChannelThread(ThreadConversation, ThreadRoot ?? ""), DaysLeft, Site, Status);
}

internal sealed class ListBody
{
    [JsonPropertyName("e")]
    public List<EntryBody> Entries { get; set; } = [];
}

/// <summary>What one issue's tally added, as applied at <see cref="Version"/> of its row: undone when it changes.</summary>
internal sealed class AppliedBody
{
    [JsonPropertyName("v")] public long Version { get; set; }
    [JsonPropertyName("c")] public List<string> Counts { get; set; } = [];
    /// <summary>The deadline day under which it is listed (<c>late|day</c>), if any.</summary>
    [JsonPropertyName("ld")] public string? LateDay { get; set; }
    [JsonPropertyName("l")] public EntryBody? Late { get; set; }
    [JsonPropertyName("s")] public EntryBody? Sliding { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CounterBody))]
[JsonSerializable(typeof(ListBody))]
[JsonSerializable(typeof(AppliedBody))]
internal sealed partial class TallyJsonContext : JsonSerializerContext;

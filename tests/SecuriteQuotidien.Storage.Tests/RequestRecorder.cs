using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace SecuriteQuotidien.Storage.Tests;

/// <summary>
/// Records every request sent to the Table endpoint (method and decoded URL with its $filter). Also compiled
/// into the bot tests (linked), which count the table requests of a submit.
/// </summary>
public sealed class RequestRecorder : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<string> _requests = new();

    public IReadOnlyList<string> Requests => [.. _requests];

    public void Clear() => _requests.Clear();

    /// <summary>
    /// The requests recorded, counted by table without its <paramref name="tablePrefix"/>
    /// ("GET /devstoreaccount1/{prefix}IssueEvents()?$filter=..." counts for "IssueEvents"); transactions count as "$batch".
    /// </summary>
    public IReadOnlyDictionary<string, int> CountByTable(string tablePrefix) =>
        Requests.GroupBy(r => r.Split(' ')[1].Split('?')[0].TrimEnd('/').Split('/')[^1].Split('(')[0].Replace(tablePrefix, "", StringComparison.Ordinal), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        return ProcessNextAsync(message, pipeline);
    }

    /// <summary>The suffix of a transaction that only deletes status totals markers (<c>tally|</c> rows).</summary>
    public const string TallyMarkersTag = " [tally markers]";

    /// <summary>The suffix of a transaction on the status totals' table.</summary>
    public const string StatusTotalsTag = " [StatusTotals]";

    /// <summary>
    /// Whether a recorded request is the status totals' background work (the projector of issue changes): a request to
    /// its own table, or the deletion of the markers of changes it applied.
    /// </summary>
    public static bool IsStatusTotals(string request) =>
        request.Contains("StatusTotals", StringComparison.Ordinal) || request.EndsWith(TallyMarkersTag, StringComparison.Ordinal);

    /// <summary>The suffix of a transaction that marks processed activities done.</summary>
    public const string DoneMarksTag = " [inbound done marks]";

    /// <summary>
    /// Whether a recorded request is the durable inbound's background work, not part of a turn: its recovery pass (a
    /// query of accepted activities per bucket, at start and every <c>RecoveryInterval</c>) or its batched done marks
    /// (every <c>DoneFlushInterval</c>, for activities processed earlier).
    /// </summary>
    public static bool IsInboundBackground(string request) =>
        request.EndsWith(DoneMarksTag, StringComparison.Ordinal)
        || (request.StartsWith("GET ", StringComparison.Ordinal) && request.Contains("ProcessedActivities", StringComparison.Ordinal)
            && request.Contains("State eq", StringComparison.Ordinal));

    private void Record(HttpMessage message)
    {
        var request = message.Request.Method + " " + Uri.UnescapeDataString(message.Request.Uri.ToUri().PathAndQuery);
        if (request.Contains("$batch", StringComparison.Ordinal) && message.Request.Content is { } content)
        {
            using var body = new MemoryStream();
            content.WriteTo(body, CancellationToken.None);
            var text = Uri.UnescapeDataString(System.Text.Encoding.UTF8.GetString(body.ToArray()));
            if (text.Contains("StatusTotals", StringComparison.Ordinal))
            {
                request += StatusTotalsTag;
            }
            else if (text.Contains("tally|", StringComparison.Ordinal) && !text.Contains("issue|", StringComparison.Ordinal))
            {
                request += TallyMarkersTag;
            }
            else if (text.Contains("ProcessedActivities", StringComparison.Ordinal) && text.Contains("\"State\":\"done\"", StringComparison.Ordinal))
            {
                request += DoneMarksTag;
            }
        }
        _requests.Enqueue(request);
    }
}

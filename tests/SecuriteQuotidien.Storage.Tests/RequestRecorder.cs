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

    private void Record(HttpMessage message) =>
        _requests.Enqueue(message.Request.Method + " " + Uri.UnescapeDataString(message.Request.Uri.ToUri().PathAndQuery));
}

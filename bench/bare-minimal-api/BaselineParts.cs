// The parts the two C# baselines share (bare-minimal-api and naive-durable): the activity records, their
// source-generated JSON context, the connector reply and the background lanes.
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;

internal sealed record Account(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name);

internal sealed record Conversation([property: JsonPropertyName("id")] string? Id);

internal sealed record InboundActivity(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("serviceUrl")] string? ServiceUrl,
    [property: JsonPropertyName("channelId")] string? ChannelId,
    [property: JsonPropertyName("from")] Account? From,
    [property: JsonPropertyName("recipient")] Account? Recipient,
    [property: JsonPropertyName("conversation")] Conversation? Conversation,
    [property: JsonPropertyName("text")] string? Text);

internal sealed record ReplyActivity(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("from")] Account? From,
    [property: JsonPropertyName("recipient")] Account? Recipient,
    [property: JsonPropertyName("conversation")] Conversation? Conversation,
    [property: JsonPropertyName("replyToId")] string? ReplyToId,
    [property: JsonPropertyName("text")] string Text);

internal sealed record ResourceResponse([property: JsonPropertyName("id")] string? Id);

[JsonSerializable(typeof(InboundActivity))]
[JsonSerializable(typeof(ReplyActivity))]
[JsonSerializable(typeof(ResourceResponse))]
internal sealed partial class BareJson : JsonSerializerContext;

internal sealed class ConnectorReplies(HttpClient http)
{
    public async Task ReplyAsync(InboundActivity inbound, CancellationToken cancellationToken)
    {
        var root = inbound.ServiceUrl!.EndsWith('/') ? inbound.ServiceUrl : inbound.ServiceUrl + "/";
        var url = $"{root}v3/conversations/{Uri.EscapeDataString(inbound.Conversation!.Id!)}/activities/{Uri.EscapeDataString(inbound.Id ?? "")}";
        var reply = new ReplyActivity("message", inbound.Recipient, inbound.From, inbound.Conversation, inbound.Id, $"Écho : {inbound.Text}");
        using var response = await http.PostAsJsonAsync(url, reply, BareJson.Default.ReplyActivity, cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadFromJsonAsync(BareJson.Default.ResourceResponse, cancellationToken);
    }
}

/// <summary>Same shape as the product's turn queue: bounded lanes keyed by conversation, one reader each.</summary>
internal sealed class ReplyLanes(IServiceProvider services, ILogger<ReplyLanes> logger) : BackgroundService
{
    private readonly Channel<InboundActivity>[] _lanes = Enumerable.Range(0, Math.Max(4, Environment.ProcessorCount * 2))
        .Select(_ => Channel.CreateBounded<InboundActivity>(new BoundedChannelOptions(500) { SingleReader = true }))
        .ToArray();

    public bool TryEnqueue(InboundActivity activity) =>
        _lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(activity.Conversation!.Id!) % (uint)_lanes.Length)].Writer.TryWrite(activity);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_lanes.Select(lane => RunAsync(lane.Reader, stoppingToken)));

    private async Task RunAsync(ChannelReader<InboundActivity> reader, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var activity in reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    // A typed client per reply, as the product resolves its connector client per turn scope.
                    await services.GetRequiredService<ConnectorReplies>().ReplyAsync(activity, stoppingToken);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Reply failed: {ErrorType}", ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}

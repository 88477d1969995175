// Baseline for the protocol bench: the least a C# bot can do per message. It parses the activity with
// System.Text.Json (source generated), acknowledges with 202 and posts one reply to the activity's
// serviceUrl from background lanes, exactly like the product's pipeline but with no authentication
// step, no de-duplication store, no conversation reference, no routing and a plain-text reply.
// That makes it the ceiling any C# protocol layer can reach on this machine.
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BareJson.Default));
builder.Services.AddHttpClient<ConnectorReplies>();
builder.Services.AddSingleton<ReplyLanes>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplyLanes>());

var app = builder.Build();
app.MapPost("/api/messages", async (HttpRequest request, ReplyLanes lanes, CancellationToken cancellationToken) =>
{
    var activity = await JsonSerializer.DeserializeAsync(request.Body, BareJson.Default.InboundActivity, cancellationToken);
    if (activity is not { Type: "message", ServiceUrl: not null, Conversation.Id: not null })
    {
        return Results.BadRequest();
    }
    return lanes.TryEnqueue(activity) ? Results.StatusCode(StatusCodes.Status202Accepted) : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
});
app.Run();

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

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.EndToEnd.Tests.Playground;

/// <summary>
/// The smallest bot that speaks the protocol, to test the playground driver: records every
/// activity, answers a message with "écho : text" through the connector of its serviceUrl, and an
/// invoke with a fixed message response.
/// </summary>
internal sealed partial class EchoBot : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _connector = new();
    private readonly ConcurrentQueue<JsonElement> _received = new();

    private EchoBot(WebApplication app, int port)
    {
        _app = app;
        Endpoint = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/api/messages";
    }

    public string Endpoint { get; }

    public IReadOnlyCollection<JsonElement> Received => _received;

    public static async Task<EchoBot> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var bot = new EchoBot(app, port);
        app.MapPost("/api/messages", bot.HandleAsync);
        await app.StartAsync();
        return bot;
    }

    /// <summary>The first activity received that matches, waiting up to <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> WaitForActivityAsync(Func<JsonElement, bool> predicate, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (!deadline.IsCancellationRequested)
        {
            foreach (var activity in _received)
            {
                if (predicate(activity))
                {
                    return activity;
                }
            }
            try
            {
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        throw new TimeoutException("The bot did not receive the expected activity. Received: " + string.Join("\n", _received.Select(a => a.GetRawText())));
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        var activity = (await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted)).RootElement.Clone();
        _received.Enqueue(activity);
        switch (activity.GetProperty("type").GetString())
        {
            case "invoke":
                return Results.Json(new { statusCode = 200, type = "application/vnd.microsoft.activity.message", value = "ok" });
            case "message" when activity.TryGetProperty("text", out var text) && text.GetString() is { Length: > 0 } said:
                await ReplyAsync(activity, "écho : " + WithoutMention(said), request.HttpContext.RequestAborted);
                return Results.Ok();
            default:
                return Results.Ok();
        }
    }

    /// <summary>Replies as Teams bots do: POST {serviceUrl}/v3/conversations/{id}/activities/{activityId}.</summary>
    private async Task ReplyAsync(JsonElement activity, string text, CancellationToken cancellationToken)
    {
        var conversationId = activity.GetProperty("conversation").GetProperty("id").GetString()!;
        var activityId = activity.GetProperty("id").GetString()!;
        var reply = new JsonObject
        {
            ["type"] = "message",
            ["text"] = text,
            ["from"] = JsonNode.Parse(activity.GetProperty("recipient").GetRawText()),
            ["recipient"] = JsonNode.Parse(activity.GetProperty("from").GetRawText()),
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["replyToId"] = activityId,
        };
        var serviceUrl = activity.GetProperty("serviceUrl").GetString()!.TrimEnd('/');
        var url = $"{serviceUrl}/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}";
        using var content = new StringContent(reply.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await _connector.PostAsync(new Uri(url), content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static string WithoutMention(string text) => MentionTag().Replace(text, "").Trim();

    [GeneratedRegex("<at>.*?</at>")]
    private static partial Regex MentionTag();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _connector.Dispose();
    }
}

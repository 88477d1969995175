using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SecuriteQuotidien.Testing;

/// <summary>One request the stand-in received; <see cref="Path"/> is the raw, still-escaped path.</summary>
public sealed record ConnectorRequest(string Method, string Path, JsonNode? Body, string? Authorization, DateTimeOffset ReceivedAt)
{
    public string? Text => Body?["text"]?.GetValue<string>();

    /// <summary>The first attachment's card content, if any.</summary>
    public JsonNode? Card => Body?["attachments"]?[0]?["content"];
}

/// <summary>
/// A local server speaking the Bot Connector REST API v3 (the part the bot uses), on 127.0.0.1.
/// It records every request and answers like Teams; a test can queue failures (429, 503, 403...)
/// for the next requests.
/// </summary>
public sealed class ConnectorStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorRequest> _requests = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter, string? Code)> _failures = new();
    private int _nextId = 1000;

    private ConnectorStandIn(WebApplication app)
    {
        _app = app;
    }

    public string ServiceUrl { get; private set; } = "";

    public IReadOnlyList<ConnectorRequest> Requests => [.. _requests];

    /// <summary>Requests that posted an activity (send, reply or create-conversation with an activity).</summary>
    public IReadOnlyList<ConnectorRequest> Posts => [.. _requests.Where(r => r.Method == "POST" && r.Path.Contains("/activities", StringComparison.Ordinal))];

    public static async Task<ConnectorStandIn> StartAsync(bool trailingSlash = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var standIn = new ConnectorStandIn(app);
        app.Run(standIn.HandleAsync);
        await app.StartAsync();
        var address = app.Urls.First();
        standIn.ServiceUrl = address + "/_connector" + (trailingSlash ? "/" : "");
        return standIn;
    }

    /// <summary>Runs while a request is being answered, before its answer leaves (a slow Teams, a clock moved meanwhile).</summary>
    public Func<ConnectorRequest, Task>? WhileAnswering { get; set; }

    /// <summary>The next request gets this status (FIFO); e.g. (429, "1") or (503, null).</summary>
    public void FailNext(int status, string? retryAfter = null, string? code = null) => _failures.Enqueue((status, retryAfter, code));

    public async Task<IReadOnlyList<ConnectorRequest>> WaitForPostsAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var posts = Posts;
            if (posts.Count >= count)
            {
                return posts;
            }
            await Task.Delay(25);
        }
        return Posts;
    }

    private async Task HandleAsync(HttpContext http)
    {
        JsonNode? body = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            body = await JsonNode.ParseAsync(http.Request.Body);
        }
        // The raw target keeps the escaping the client used (Request.Path is decoded).
        var rawTarget = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "";
        var path = rawTarget.Split('?')[0];
        var request = new ConnectorRequest(http.Request.Method, path, body, http.Request.Headers.Authorization.ToString(), DateTimeOffset.UtcNow);
        _requests.Enqueue(request);
        if (WhileAnswering is { } whileAnswering)
        {
            await whileAnswering(request);
        }

        if (_failures.TryDequeue(out var failure))
        {
            http.Response.StatusCode = failure.Status;
            if (failure.RetryAfter is not null)
            {
                http.Response.Headers.RetryAfter = failure.RetryAfter;
            }
            await http.Response.WriteAsJsonAsync(new { error = new { code = failure.Code ?? "Failure", message = "stand-in failure" } });
            return;
        }

        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (http.Request.Method == "POST" && path.EndsWith("/v3/conversations", StringComparison.Ordinal))
        {
            var channel = body?["channelData"]?["channel"]?["id"]?.GetValue<string>();
            http.Response.StatusCode = 201;
            await http.Response.WriteAsJsonAsync(channel is not null
                ? new { id = $"{channel};messageid={id}", activityId = id }
                : (object)new { id = "a:personal-" + (body?["members"]?[0]?["id"]?.GetValue<string>() ?? id) });
            return;
        }
        if (http.Request.Method == "GET" && path.Contains("/members/", StringComparison.Ordinal))
        {
            var userId = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
            await http.Response.WriteAsJsonAsync(new { id = userId, name = "Membre", aadObjectId = userId });
            return;
        }
        await http.Response.WriteAsJsonAsync(new { id });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace SecuriteQuotidien.BotFramework.Tests.Support;

/// <summary>One request as it arrived: raw target (escaping intact), headers, body, arrival tick.</summary>
public sealed record RecordedRequest(string Method, string RawTarget, string? Authorization, string? ContentType, string Body, long ReceivedTicks);

/// <summary>A Kestrel server on 127.0.0.1 that records every request and answers with a test's handler.</summary>
public sealed class LocalServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private LocalServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:port (no trailing slash).</summary>
    public string BaseUrl { get; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<LocalServer> StartAsync(Func<HttpContext, RecordedRequest, Task> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LocalServer? server = null;
        app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var request = new RecordedRequest(
                http.Request.Method,
                http.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
                http.Request.Headers.Authorization.Count > 0 ? http.Request.Headers.Authorization.ToString() : null,
                http.Request.ContentType,
                await reader.ReadToEndAsync(http.RequestAborted),
                Stopwatch.GetTimestamp());
            server!._requests.Enqueue(request);
            await respond(http, request);
        });
        await app.StartAsync();
        server = new LocalServer(app, app.Urls.First().TrimEnd('/'));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

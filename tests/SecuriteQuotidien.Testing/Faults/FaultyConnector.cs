using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace SecuriteQuotidien.Testing.Faults;

/// <summary>One request that reached the faulty connector, with what it answered (its own fault, or the upstream's status).</summary>
public sealed record ConnectorAttempt(string Method, string Path, string Body, DateTimeOffset ReceivedAt, int Status, TimeSpan? RetryAfter)
{
    /// <summary>The conversation the request addresses (escaped, as on the wire); for a new thread, its channel.</summary>
    public string Conversation
    {
        get
        {
            const string Marker = "/v3/conversations/";
            var start = Path.IndexOf(Marker, StringComparison.Ordinal);
            if (start < 0)
            {
                var channel = Body.Length > 0 ? JsonNode.Parse(Body)?["channelData"]?["channel"]?["id"]?.GetValue<string>() : null;
                return Uri.EscapeDataString(channel ?? "");
            }
            var rest = Path[(start + Marker.Length)..];
            var end = rest.IndexOf('/', StringComparison.Ordinal);
            return end < 0 ? rest : rest[..end];
        }
    }

    public bool IsPost => Method == "POST";
}

/// <summary>
/// A loopback proxy in front of a <see cref="ConnectorStandIn"/> that, during a fault window, answers a
/// seeded random share of the requests itself with 429 (with Retry-After) or 503, as a throttling
/// Teams connector would. It records every attempt with its answer; the requests it lets through
/// reach the stand-in, whose <see cref="ConnectorStandIn.Requests"/> are then the successful calls.
/// </summary>
public sealed class FaultyConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly ConcurrentQueue<ConnectorAttempt> _attempts = new();
    private readonly Random _random;
    private readonly Lock _lock = new();
    private DateTimeOffset _faultsUntil = DateTimeOffset.MinValue;
    private double _failureRate;
    private int[] _retryAfterSeconds = [1];

    private FaultyConnector(WebApplication app, Uri upstreamRoot, int seed)
    {
        _app = app;
        _upstream = new HttpClient { BaseAddress = upstreamRoot, Timeout = TimeSpan.FromSeconds(30) };
        _random = new Random(seed);
    }

    /// <summary>The service URL to give the bot (same path as the stand-in's, on this proxy's port).</summary>
    public string ServiceUrl { get; private set; } = "";

    public IReadOnlyList<ConnectorAttempt> Attempts => [.. _attempts];

    /// <summary>Starts a proxy to <paramref name="upstream"/>; <paramref name="seed"/> makes the faults repeatable.</summary>
    public static async Task<FaultyConnector> StartAsync(ConnectorStandIn upstream, int seed)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        var upstreamUrl = new Uri(upstream.ServiceUrl);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var proxy = new FaultyConnector(app, new Uri(upstreamUrl.GetLeftPart(UriPartial.Authority)), seed);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        proxy.ServiceUrl = app.Urls.First() + upstreamUrl.AbsolutePath;
        return proxy;
    }

    /// <summary>
    /// From now for <paramref name="duration"/>, each request fails with probability
    /// <paramref name="failureRate"/>: half of those 429 with a Retry-After drawn from
    /// <paramref name="retryAfterSeconds"/>, half 503.
    /// </summary>
    public void StartFaults(TimeSpan duration, double failureRate, params int[] retryAfterSeconds)
    {
        lock (_lock)
        {
            _failureRate = failureRate;
            _retryAfterSeconds = retryAfterSeconds.Length > 0 ? retryAfterSeconds : [1];
            _faultsUntil = DateTimeOffset.UtcNow + duration;
        }
    }

    private (int Status, int? RetryAfter)? DrawFault(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (now >= _faultsUntil || _random.NextDouble() >= _failureRate)
            {
                return null;
            }
            return _random.Next(2) == 0
                ? (429, _retryAfterSeconds[_random.Next(_retryAfterSeconds.Length)])
                : (503, null);
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "";
        var path = target.Split('?')[0];

        if (DrawFault(receivedAt) is { } fault)
        {
            var retryAfter = fault.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            _attempts.Enqueue(new ConnectorAttempt(http.Request.Method, path, body, receivedAt, fault.Status, retryAfter));
            http.Response.StatusCode = fault.Status;
            if (fault.RetryAfter is { } value)
            {
                http.Response.Headers.RetryAfter = value.ToString(CultureInfo.InvariantCulture);
            }
            await http.Response.WriteAsJsonAsync(new { error = new { code = fault.Status == 429 ? "Throttled" : "ServiceUnavailable", message = "injected fault" } });
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(http.Request.Method), new Uri(target, UriKind.Relative));
        if (body.Length > 0)
        {
            forward.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        if (http.Request.Headers.Authorization.Count > 0)
        {
            forward.Headers.TryAddWithoutValidation("Authorization", http.Request.Headers.Authorization.ToString());
        }
        using var answer = await _upstream.SendAsync(forward, http.RequestAborted);
        _attempts.Enqueue(new ConnectorAttempt(http.Request.Method, path, body, receivedAt, (int)answer.StatusCode, null));
        http.Response.StatusCode = (int)answer.StatusCode;
        http.Response.ContentType = answer.Content.Headers.ContentType?.ToString() ?? "application/json";
        await answer.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
    }

    /// <summary>The most attempts to one conversation within any <paramref name="window"/> (attempts of every outcome).</summary>
    public static int BusiestWindow(IEnumerable<ConnectorAttempt> attempts, TimeSpan window) =>
        attempts.GroupBy(a => a.Conversation, StringComparer.Ordinal)
            .Select(conversation =>
            {
                var times = conversation.Select(a => a.ReceivedAt).Order().ToArray();
                var busiest = 0;
                for (int first = 0, last = 0; last < times.Length; last++)
                {
                    while (times[last] - times[first] >= window)
                    {
                        first++;
                    }
                    busiest = Math.Max(busiest, last - first + 1);
                }
                return busiest;
            })
            .DefaultIfEmpty(0)
            .Max();

    public async ValueTask DisposeAsync()
    {
        _upstream.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using SecuriteQuotidien.BotFramework.Configuration;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.BotFramework.Connector;

/// <summary>
/// Connector client on a typed <see cref="HttpClient"/> whose resilience handler retries throttling and
/// transient answers (see <see cref="ConnectorResilience"/>). The bot's token is sent only to trusted hosts.
/// </summary>
public sealed class ConnectorClient : IConnectorClient
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly IConnectorTokenProvider _tokenProvider;
    private readonly BotFrameworkOptions _options;
    private readonly ILogger<ConnectorClient> _logger;

    public ConnectorClient(HttpClient http, IConnectorTokenProvider tokenProvider, IOptions<BotFrameworkOptions> options, ILogger<ConnectorClient> logger)
    {
        _http = http;
        _tokenProvider = tokenProvider;
        _options = options.Value;
        _logger = logger;
    }

    public Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToActivityId, Activity activity, CancellationToken cancellationToken)
    {
        activity.ReplyToId ??= replyToActivityId;
        return SendAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(replyToActivityId)}",
            Json(activity, BotJsonContext.Wire.Activity), BotJsonContext.Default.ResourceResponse, cancellationToken);
    }

    public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities",
            Json(activity, BotJsonContext.Wire.Activity), BotJsonContext.Default.ResourceResponse, cancellationToken);

    public Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        activity.Id ??= activityId;
        return SendAsync(HttpMethod.Put, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}",
            Json(activity, BotJsonContext.Wire.Activity), BotJsonContext.Default.ResourceResponse, cancellationToken);
    }

    public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}",
            content: null, BotJsonContext.Default.ResourceResponse, cancellationToken);

    public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, serviceUrl, "v3/conversations",
            Json(parameters, BotJsonContext.Wire.ConversationParameters), BotJsonContext.Default.ConversationResourceResponse, cancellationToken);

    public Task<TeamsChannelAccount> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, serviceUrl, $"v3/conversations/{Escape(conversationId)}/members/{Escape(userId)}",
            content: null, BotJsonContext.Default.TeamsChannelAccount, cancellationToken);

    /// <summary>
    /// <paramref name="relativePath"/> appended to the service URL, whether or not it ends with '/'
    /// (Teams sends ".../emea/", the local emulator "http://localhost:56150/_connector").
    /// </summary>
    internal static Uri BuildUri(string serviceUrl, string relativePath)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var baseUri)
            || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ConnectorException($"The service URL '{serviceUrl}' is not an absolute http(s) URL.", ConnectorFailureKind.UntrustedServiceUrl);
        }
        var root = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        return new Uri(root, relativePath);
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    /// <summary>Serialised once to bytes so that retries resend the same body; nulls are never written.</summary>
    private static ByteArrayContent Json<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string serviceUrl, string relativePath, HttpContent? content, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
        where T : class, new()
    {
        using var ownedContent = content;
        var uri = BuildUri(serviceUrl, relativePath);
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        var token = await GetTokenForAsync(uri, cancellationToken).ConfigureAwait(false);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var refusedBeforeSending = ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };
            throw new ConnectorException($"Connector call {method} {uri.Host} failed without an answer: {ex.Message}", ConnectorFailureKind.Transport,
                mayHaveBeenDelivered: method == HttpMethod.Post && !refusedBeforeSending, innerException: ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await ToExceptionAsync(method, uri, response, cancellationToken).ConfigureAwait(false);
            }
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length == 0)
            {
                return new T();
            }
            try
            {
                return JsonSerializer.Deserialize(body, responseType) ?? new T();
            }
            catch (JsonException ex)
            {
                throw new ConnectorException($"Connector call {method} {uri.Host} answered {(int)response.StatusCode} with a body that is not the expected JSON.",
                    ConnectorFailureKind.ServerError, response.StatusCode, innerException: ex);
            }
        }
    }

    /// <summary>
    /// The token is "like a password": it goes only to the configured connector hosts. Without an app
    /// id there is no token, and only loopback hosts (local emulator) are called besides trusted ones.
    /// </summary>
    private async ValueTask<string?> GetTokenForAsync(Uri uri, CancellationToken cancellationToken)
    {
        var trusted = _options.TrustedServiceUrlHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase);
        if (!trusted && !(!_options.HasAppId && LoopbackHost.Is(uri.Host)))
        {
            throw new ConnectorException(
                $"The service URL host '{uri.Host}' is not in {BotFrameworkOptions.SectionName}:TrustedServiceUrlHosts; the call was not sent.",
                ConnectorFailureKind.UntrustedServiceUrl);
        }
        return _options.HasAppId ? await _tokenProvider.GetTokenAsync(cancellationToken).ConfigureAwait(false) : null;
    }

    private async Task<ConnectorException> ToExceptionAsync(HttpMethod method, Uri uri, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var (code, message) = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
        var correlationId = FirstHeader(response, "X-Correlating-OperationId") ?? FirstHeader(response, "MS-CV");
        var status = response.StatusCode;
        _logger.LogWarning("Connector call {Method} {Host} answered {StatusCode} {ErrorCode} (correlation {CorrelationId}).",
            method.Method, uri.Host, (int)status, code, correlationId);
        var uncertain = method == HttpMethod.Post && status is HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;
        return new ConnectorException($"Connector call {method} {uri.Host} answered {(int)status} {code}: {message}",
            ConnectorException.KindOf(status, code), status, code, uncertain, correlationId, retryAfter: RetryAfterOf(response));
    }

    /// <summary>Retry-After as a delay, whether sent as seconds or as a date.</summary>
    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        // A date is compared with the answer's own Date, the connector's clock, when it gives one.
        var wait = header?.Delta ?? (header?.Date is { } date ? date - (response.Headers.Date ?? TimeProvider.System.GetUtcNow()) : null);
        return wait is { } positive && positive > TimeSpan.Zero ? positive : null;
    }

    /// <summary>Reads <c>{"error":{"code","message"}}</c>; tolerates other bodies.</summary>
    private static async Task<(string? Code, string? Message)> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object)
            {
                return (StringProperty(error, "code"), StringProperty(error, "message"));
            }
        }
        catch (JsonException)
        {
            // Not JSON (a gateway page): the status code says enough.
        }
        return (null, null);
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? FirstHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

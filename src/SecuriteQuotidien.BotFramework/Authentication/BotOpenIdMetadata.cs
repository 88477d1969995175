using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SecuriteQuotidien.BotFramework.Configuration;

namespace SecuriteQuotidien.BotFramework.Authentication;

/// <summary>
/// The channel's OpenID metadata and signing keys, cached and refreshed by Microsoft.IdentityModel's
/// <see cref="ConfigurationManager{T}"/>. The jwks document is parsed by the same retriever, so each
/// key's <c>endorsements</c> (kept in <c>JsonWebKey.AdditionalData</c>) always come with the keys
/// they belong to: one fetch, one cadence.
/// </summary>
public sealed class BotOpenIdMetadata
{
    public const string HttpClientName = "SecuriteQuotidien.BotFramework.OpenIdMetadata";

    private readonly BotFrameworkOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BotOpenIdMetadata> _logger;
    private readonly SemaphoreSlim _forcedRefreshLock = new(1, 1);
    private ConfigurationManager<OpenIdConnectConfiguration> _manager;
    private DateTimeOffset? _lastForcedRefresh;

    public BotOpenIdMetadata(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger<BotOpenIdMetadata> logger)
    {
        _options = options.Value;
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider;
        _logger = logger;
        _manager = CreateManager();
    }

    /// <summary>The cached configuration (fetched on first use, then refreshed on the automatic cadence).</summary>
    public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _manager).GetConfigurationAsync(cancellationToken);

    /// <summary>
    /// Refetches the metadata now, because a token named a key id the cache does not know. At most one
    /// refetch per <see cref="BotFrameworkOptions.MetadataForcedRefreshMinInterval"/>; returns null when
    /// throttled or when the fetch failed (the cached configuration stays in use).
    /// </summary>
    public async Task<OpenIdConnectConfiguration?> TryForceRefreshAsync(OpenIdConnectConfiguration stale, CancellationToken cancellationToken)
    {
        await _forcedRefreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = await GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(current, stale))
            {
                return current; // Another request refreshed meanwhile.
            }
            var now = _timeProvider.GetUtcNow();
            if (_lastForcedRefresh is { } last && now - last < _options.MetadataForcedRefreshMinInterval)
            {
                return null;
            }
            _lastForcedRefresh = now;
            // ConfigurationManager 8.x refreshes in the background after RequestRefresh() and hands back
            // the stale keys meanwhile; a fresh manager fetches on its first call, so the token that
            // announced the new key is validated against it at once.
            var fresh = CreateManager();
            var configuration = await fresh.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _manager, fresh);
            _logger.LogInformation("Bot Framework OpenID metadata refetched after an unknown signing key id.");
            return configuration;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Forced refetch of the Bot Framework OpenID metadata failed; the cached keys stay in use.");
            return null;
        }
        finally
        {
            _forcedRefreshLock.Release();
        }
    }

    /// <summary>
    /// The endorsements of the key <paramref name="keyId"/> (channel ids such as <c>msteams</c>), or
    /// null when the key is unknown or carries no endorsements entry.
    /// </summary>
    public static IReadOnlyList<string>? GetEndorsements(OpenIdConnectConfiguration configuration, string? keyId)
    {
        var key = configuration.JsonWebKeySet?.Keys.FirstOrDefault(k => string.Equals(k.Kid, keyId, StringComparison.Ordinal));
        if (key is null || !key.AdditionalData.TryGetValue("endorsements", out var raw))
        {
            return null;
        }
        return raw switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            IEnumerable<object> items => [.. items.OfType<string>()],
            _ => null,
        };
    }

    private ConfigurationManager<OpenIdConnectConfiguration> CreateManager()
    {
        var metadataUri = new Uri(_options.OpenIdMetadataUrl);
        var retriever = new HttpDocumentRetriever(_httpClientFactory.CreateClient(HttpClientName))
        {
            // Options validation allows plain http only on a loopback host.
            RequireHttps = metadataUri.Scheme == Uri.UriSchemeHttps,
        };
        return new ConfigurationManager<OpenIdConnectConfiguration>(_options.OpenIdMetadataUrl, new OpenIdConnectConfigurationRetriever(), retriever)
        {
            AutomaticRefreshInterval = _options.MetadataRefreshInterval,
            RefreshInterval = _options.MetadataForcedRefreshMinInterval,
        };
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.Authentication;
using SecuriteQuotidien.BotFramework.Configuration;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.BotFramework.Hosting;

/// <summary>
/// Which requests the endpoint serves: the Teams channel only, and the tenants of the allow-list, which is
/// <c>BotFramework:AllowedTenants</c> plus every <see cref="IAllowedTenantsSource"/> (the application's own tenant).
/// Fails closed: an empty allow-list serves no tenant, except in the local anonymous mode (Development without an
/// app id), where it serves every tenant so that a bare local run works.
/// </summary>
public sealed partial class ServedTenants
{
    /// <summary>The only channel served.</summary>
    public const string TeamsChannel = "msteams";

    private readonly HashSet<string> _tenants;
    private readonly bool _anyTenant;

    public ServedTenants(IOptions<BotFrameworkOptions> options, IEnumerable<IAllowedTenantsSource> sources, IBotRequestAuthenticator authenticator,
        ILogger<ServedTenants> logger)
    {
        _tenants = new HashSet<string>(
            options.Value.AllowedTenants.Concat(sources.SelectMany(s => s.TenantIds)).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()),
            StringComparer.OrdinalIgnoreCase);
        _anyTenant = _tenants.Count == 0 && authenticator.IsAnonymousModeEnabled;
        if (_tenants.Count == 0 && !_anyTenant)
        {
            LogNoTenant(logger);
        }
    }

    public IReadOnlyCollection<string> Tenants => _tenants;

    public static bool IsTeams(Activity activity) => string.Equals(activity.ChannelId, TeamsChannel, StringComparison.OrdinalIgnoreCase);

    public bool IsServed(Activity activity) =>
        _anyTenant || activity.GetTenantId() is { } tenant && _tenants.Contains(tenant);

    [LoggerMessage(Level = LogLevel.Error, Message = "No tenant is served: every request will be refused. Set BotFramework:AllowedTenants or the department file's tenant.")]
    private static partial void LogNoTenant(ILogger logger);
}

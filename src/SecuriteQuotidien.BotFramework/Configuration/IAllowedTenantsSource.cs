namespace SecuriteQuotidien.BotFramework.Configuration;

/// <summary>
/// Tenants the application serves besides <c>BotFramework:AllowedTenants</c> (for the bot: the department file's
/// tenant). Every registered source adds to the allow-list; see <see cref="Hosting.ServedTenants"/>.
/// </summary>
public interface IAllowedTenantsSource
{
    IEnumerable<string> TenantIds { get; }
}

/// <summary>A source computed once from the application's services.</summary>
internal sealed class DelegateAllowedTenantsSource(Func<IEnumerable<string>> tenants) : IAllowedTenantsSource
{
    public IEnumerable<string> TenantIds => tenants();
}

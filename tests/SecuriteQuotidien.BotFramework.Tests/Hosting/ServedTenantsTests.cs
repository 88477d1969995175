using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.Authentication;
using SecuriteQuotidien.BotFramework.Configuration;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.BotFramework.Tests.Hosting;

public sealed class ServedTenantsTests
{
    private const string Department = "05050505-0000-4000-8000-000000000005";
    private const string Other = "99999999-0000-4000-8000-000000000099";

    private static Activity From(string? tenant, string channel = "msteams") => new()
    {
        Type = "message",
        ChannelId = channel,
        Conversation = new ConversationAccount { Id = "a:1", TenantId = tenant },
    };

    private static ServedTenants Served(bool anonymous, IEnumerable<string>? configured = null, params string[] fromSources) => new(
        Options.Create(new BotFrameworkOptions { AllowedTenants = [.. configured ?? []] }),
        fromSources.Length == 0 ? [] : [new Source(fromSources)],
        new Authenticator(anonymous),
        NullLogger<ServedTenants>.Instance);

    [Fact]
    public void An_empty_allow_list_serves_no_tenant_outside_the_local_anonymous_mode()
    {
        var served = Served(anonymous: false);

        Assert.False(served.IsServed(From(Department)));
        Assert.False(served.IsServed(From(null)));
    }

    [Fact]
    public void An_empty_allow_list_serves_every_tenant_in_the_local_anonymous_mode()
    {
        Assert.True(Served(anonymous: true).IsServed(From(Other)));
    }

    [Fact]
    public void The_application_tenant_is_served_and_the_configured_list_widens_it_even_in_the_anonymous_mode()
    {
        var served = Served(anonymous: true, configured: [Other.ToUpperInvariant()], Department);

        Assert.True(served.IsServed(From(Department)));
        Assert.True(served.IsServed(From(Other)));
        Assert.False(served.IsServed(From("11111111-0000-4000-8000-000000000011")));
        Assert.False(served.IsServed(From(null)));
    }

    [Theory]
    [InlineData("msteams", true)]
    [InlineData("MSTeams", true)]
    [InlineData("webchat", false)]
    [InlineData("emulator", false)]
    [InlineData(null, false)]
    public void Only_the_teams_channel_is_served(string? channel, bool served)
    {
        Assert.Equal(served, ServedTenants.IsTeams(From(Department, channel!)));
    }

    private sealed class Source(string[] tenants) : IAllowedTenantsSource
    {
        public IEnumerable<string> TenantIds => tenants;
    }

    private sealed class Authenticator(bool anonymous) : IBotRequestAuthenticator
    {
        public bool IsAnonymousModeEnabled => anonymous;

        public Task<BotAuthenticationResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}

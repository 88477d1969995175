using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.Configuration;
using SecuriteQuotidien.BotFramework.Connector;
using SecuriteQuotidien.BotFramework.Tests.Support;

namespace SecuriteQuotidien.BotFramework.Tests;

public sealed class BotFrameworkOptionsTests
{
    [Fact]
    public void Root_credentials_and_section_lists_bind_from_environment_variables()
    {
        var prefix = $"SQBF_{Guid.NewGuid():N}_";
        var variables = new Dictionary<string, string>
        {
            ["MicrosoftAppId"] = "app-id",
            ["MicrosoftAppPassword"] = "secret",
            ["MicrosoftAppType"] = "singletenant",
            ["MicrosoftAppTenantId"] = "tenant-home",
            ["BotFramework__AllowedTenants__0"] = "tenant-a",
            ["BotFramework__AllowedTenants__1"] = "tenant-b",
            ["BotFramework__TrustedServiceUrlHosts__0"] = "smba.trafficmanager.net",
        };
        foreach (var (key, value) in variables)
        {
            Environment.SetEnvironmentVariable(prefix + key, value);
        }
        try
        {
            var options = Resolve(new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build());

            Assert.Equal("app-id", options.MicrosoftAppId);
            Assert.Equal(BotAppType.SingleTenant, options.MicrosoftAppType);
            Assert.Equal("tenant-home", options.MicrosoftAppTenantId);
            Assert.Equal(["tenant-a", "tenant-b"], options.AllowedTenants);
            Assert.Equal(["smba.trafficmanager.net"], options.TrustedServiceUrlHosts);
        }
        finally
        {
            foreach (var key in variables.Keys)
            {
                Environment.SetEnvironmentVariable(prefix + key, null);
            }
        }
    }

    [Fact]
    public void Defaults_apply_when_nothing_is_configured()
    {
        var options = Resolve(Configuration([]));

        Assert.False(options.HasAppId);
        Assert.Equal(BotAppType.MultiTenant, options.MicrosoftAppType);
        Assert.Equal("https://login.botframework.com/v1/.well-known/openidconfiguration", options.OpenIdMetadataUrl);
        Assert.Equal(["smba.trafficmanager.net", "smba.infra.gcc.teams.microsoft.com", "smba.infra.gov.teams.microsoft.us"], options.TrustedServiceUrlHosts);
        Assert.Empty(options.AllowedTenants);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/v1/.well-known/openidconfiguration")]
    [InlineData("http://localhost:5000/v1/.well-known/openidconfiguration")]
    [InlineData("https://login.botframework.com/v1/.well-known/openidconfiguration")]
    public void Https_or_loopback_http_metadata_urls_are_accepted(string url)
    {
        Assert.Equal(url, Resolve(Configuration(new() { ["BotFramework:OpenIdMetadataUrl"] = url })).OpenIdMetadataUrl);
    }

    public static TheoryData<Dictionary<string, string?>, string> InvalidSettings => new()
    {
        { new() { ["BotFramework:OpenIdMetadataUrl"] = "http://login.botframework.com/v1/.well-known/openidconfiguration" }, "OpenIdMetadataUrl" },
        { new() { ["MicrosoftAppType"] = "Federated" }, "MicrosoftAppType 'Federated'" },
        { new() { ["MicrosoftAppId"] = "app", ["MicrosoftAppPassword"] = "s", ["MicrosoftAppType"] = "SingleTenant" }, "MicrosoftAppTenantId" },
        { new() { ["MicrosoftAppId"] = "app" }, "exactly one of MicrosoftAppPassword or MicrosoftAppCertificatePath" },
        { new() { ["MicrosoftAppId"] = "app", ["MicrosoftAppCertificatePath"] = "/nonexistent/bot.pfx" }, "does not exist" },
        { new() { ["MicrosoftAppId"] = "app", ["MicrosoftAppPassword"] = "s", ["MicrosoftAppType"] = "UserAssignedMSI" }, "remove MicrosoftAppPassword" },
        { new() { ["MicrosoftAppPassword"] = "s" }, "MicrosoftAppId is empty" },
        { new() { ["BotFramework:TrustedServiceUrlHosts:0"] = "https://smba.trafficmanager.net/emea/" }, "TrustedServiceUrlHosts" },
        { new() { ["BotFramework:MetadataRefreshInterval"] = "2.00:00:00" }, "MetadataRefreshInterval" },
        {
            new() { ["MicrosoftAppId"] = "app", ["MicrosoftAppPassword"] = "@Microsoft.KeyVault(SecretUri=https://sqkv.vault.azure.net/secrets/bot-secret)" },
            "MicrosoftAppPassword is a Key Vault reference that App Service could not resolve"
        },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task Invalid_settings_fail_the_start_with_a_clear_message(Dictionary<string, string?> settings, string expectedInMessage)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddBotFramework(builder.Configuration, builder.Environment);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_credential_follows_the_app_type()
    {
        static object? CredentialFor(Dictionary<string, string?> settings) =>
            AzureIdentityConnectorTokenProvider.CreateCredential(Resolve(Configuration(settings)));

        Assert.Null(CredentialFor([]));
        Assert.IsType<ClientSecretCredential>(CredentialFor(new() { ["MicrosoftAppId"] = "app", ["MicrosoftAppPassword"] = "s" }));
        Assert.IsType<ClientSecretCredential>(CredentialFor(new() { ["MicrosoftAppId"] = "app", ["MicrosoftAppPassword"] = "s", ["MicrosoftAppType"] = "SingleTenant", ["MicrosoftAppTenantId"] = "t" }));
        Assert.IsType<ManagedIdentityCredential>(CredentialFor(new() { ["MicrosoftAppId"] = "app", ["MicrosoftAppType"] = "UserAssignedMSI" }));
    }

    [Fact]
    public async Task Without_app_id_no_token_is_requested()
    {
        var provider = new AzureIdentityConnectorTokenProvider(Options.Create(Resolve(Configuration([]))));

        Assert.Null(await provider.GetTokenAsync(CancellationToken.None));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static BotFrameworkOptions Resolve(IConfiguration configuration)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddBotFramework(configuration, new TestHostEnvironment("Production"));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<BotFrameworkOptions>>().Value;
    }
}

using Azure.Identity;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Observability;

namespace SecuriteQuotidien.Bot.Tests.Observability;

/// <summary>
/// Application Insights with local authentication disabled (infra/main.bicep) accepts telemetry only with an Entra
/// token: APPLICATIONINSIGHTS_AUTHENTICATION_STRING gives the exporter the bot's managed identity.
/// </summary>
public sealed class TelemetryAuthenticationTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-4000-8000-00000000abcd;IngestionEndpoint=http://127.0.0.1:9/";
    private const string ClientId = "5f0c2b7e-3d4a-4c61-9e82-1a6b7c8d9e0f";

    [Fact]
    public void Without_an_authentication_string_the_exporter_has_no_credential()
    {
        var options = AzureMonitorOptionsFor(new() { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ConnectionString });

        Assert.Null(options.Credential);
    }

    [Fact]
    public void The_authentication_string_of_the_deployment_gives_the_exporter_a_managed_identity_credential()
    {
        var options = AzureMonitorOptionsFor(new()
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ConnectionString,
            ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = $"Authorization=AAD;ClientId={ClientId}",
        });

        Assert.IsType<ManagedIdentityCredential>(options.Credential);
    }

    [Theory]
    [InlineData("Authorization=AAD;ClientId=" + ClientId, ClientId)]
    [InlineData(" authorization = aad ; clientid = 5F0C2B7E-3D4A-4C61-9E82-1A6B7C8D9E0F ;", ClientId)]
    [InlineData("ClientId=" + ClientId + ";Authorization=AAD", ClientId)]
    public void The_user_assigned_identity_is_the_one_named_by_its_client_id(string value, string clientId)
    {
        Assert.Equal(new TelemetryIdentity(clientId), TelemetryIdentity.Of(value));
    }

    [Fact]
    public void Authorization_AAD_alone_names_the_system_assigned_identity()
    {
        Assert.Equal(new TelemetryIdentity(UserAssignedClientId: null), TelemetryIdentity.Of("Authorization=AAD"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_setting_names_no_identity(string? value)
    {
        Assert.Null(TelemetryIdentity.Of(value));
    }

    [Theory]
    [InlineData("InstrumentationKey=00000000-0000-4000-8000-00000000abcd")]
    [InlineData("Authorization=Key")]
    [InlineData("ClientId=" + ClientId)]
    [InlineData("Authorization=AAD;ClientId=bot")]
    [InlineData("Authorization=AAD;ClientId=")]
    [InlineData("Authorization=AAD;ClientSecret=x")]
    [InlineData("Authorization=AAD;ClientId=" + ClientId + ";ClientId=" + ClientId)]
    [InlineData("AAD")]
    public void A_malformed_authentication_string_stops_the_start_up(string value)
    {
        var configuration = Configuration(new()
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ConnectionString,
            ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = value,
        });

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddObservability(configuration));
        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_connection_string_the_authentication_string_is_not_read()
    {
        var configuration = Configuration(new() { ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "Authorization=Key" });

        var services = new ServiceCollection().AddObservability(configuration);

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IConfigureOptions<AzureMonitorOptions>));
    }

    private static AzureMonitorOptions AzureMonitorOptionsFor(Dictionary<string, string?> settings)
    {
        var configuration = Configuration(settings);
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddObservability(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<AzureMonitorOptions>>().Get(Options.DefaultName);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}

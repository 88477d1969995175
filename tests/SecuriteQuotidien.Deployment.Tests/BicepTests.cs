using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using SecuriteQuotidien.Storage;
using SecuriteQuotidien.Storage.Tables;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Deployment.Tests;

/// <summary>infra/main.bicep compiles and lints without a single diagnostic and keeps its security settings.</summary>
public sealed partial class BicepTests(BicepCompiler bicep) : IClassFixture<BicepCompiler>, IDisposable
{
    private const string TableDataContributorRoleId = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private static readonly string InfraDirectory = RepoPaths.Combine("infra");

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Build_prints_no_diagnostics()
    {
        AssertClean(bicep.MainBuild);
        Assert.NotNull(bicep.MainTemplate["resources"]);
    }

    [Fact]
    public async Task Lint_prints_no_diagnostics()
    {
        AssertClean(await bicep.RunAsync("lint", Path.Combine(InfraDirectory, "main.bicep")));
    }

    [Fact]
    public async Task Lint_reports_a_rule_turned_into_an_error_by_bicepconfig()
    {
        // A copy beside the same bicepconfig.json, with one unused parameter: the check must see it.
        File.Copy(Path.Combine(InfraDirectory, "bicepconfig.json"), _temp.Combine("bicepconfig.json"));
        var flawed = _temp.Write("main.bicep",
            File.ReadAllText(Path.Combine(InfraDirectory, "main.bicep")) + "\nparam forgotten string = 'x'\n");

        var result = await bicep.RunAsync("lint", flawed);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error no-unused-params", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Web_app_is_https_only_on_dotnet_10_with_health_check_and_the_bot_identity()
    {
        var site = Single(Compiled(), "Microsoft.Web/sites");
        var properties = site["properties"]!;
        var config = properties["siteConfig"]!;

        Assert.True((bool)properties["httpsOnly"]!);
        Assert.Equal("1.2", (string?)config["minTlsVersion"]);
        Assert.Equal("Disabled", (string?)config["ftpsState"]);
        Assert.Equal("/healthz", (string?)config["healthCheckPath"]);
        Assert.True((bool)config["alwaysOn"]!);
        Assert.Equal("DOTNETCORE|10.0", (string?)config["linuxFxVersion"]);
        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);
    }

    [Fact]
    public void Web_app_settings_select_the_managed_identity_and_hold_no_secret()
    {
        var settings = Single(Compiled(), "Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]!
            .AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!);

        Assert.Equal("UserAssignedMSI", settings["MicrosoftAppType"]);
        Assert.Equal("Production", settings["ASPNETCORE_ENVIRONMENT"]);
        var clientId = settings["MicrosoftAppId"];
        Assert.Contains("clientId", clientId, StringComparison.Ordinal);
        Assert.Equal(clientId, settings["AZURE_CLIENT_ID"]);
        Assert.Equal(clientId, settings["Storage__ManagedIdentityClientId"]);
        Assert.Contains("primaryEndpoints.table", settings["Storage__TableServiceUri"], StringComparison.Ordinal);
        Assert.Equal(settings["MicrosoftAppTenantId"], settings["BotFramework__AllowedTenants__0"]);
        Assert.Contains("ConnectionString", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);

        Assert.DoesNotContain(settings.Keys, name => SecretLikeName().IsMatch(name));
        Assert.DoesNotContain(settings.Values, value => value.Contains("listKeys", StringComparison.OrdinalIgnoreCase)
            || value.Contains("AccountKey", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Storage_accepts_only_tls_1_2_https_and_entra_authentication()
    {
        var properties = Single(Compiled(), "Microsoft.Storage/storageAccounts")["properties"]!;

        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
    }

    [Fact]
    public void Identity_is_granted_table_data_contributor_on_the_storage_account()
    {
        var template = Compiled();
        var assignment = Single(template, "Microsoft.Authorization/roleAssignments");
        var roleDefinitionId = (string)assignment["properties"]!["roleDefinitionId"]!;

        Assert.Equal($"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{TableDataContributorRoleId}')]",
            ResolveVariables(template, roleDefinitionId));
        Assert.Equal("ServicePrincipal", (string?)assignment["properties"]!["principalType"]);
        Assert.Contains("userAssignedIdentities", (string?)assignment["properties"]!["principalId"], StringComparison.Ordinal);
        Assert.Contains("Microsoft.Storage/storageAccounts", (string?)assignment["scope"], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_table_of_the_storage_layer_is_created()
    {
        var template = Compiled();
        var tables = Single(template, "Microsoft.Storage/storageAccounts/tableServices/tables");
        var expected = new StorageTables(
                new TableServiceClient(new Uri("https://example.table.core.windows.net"), new TableSharedKeyCredential("example", "AAAA")),
                new StorageOptions().TablePrefix)
            .All.Select(t => t.Name);

        Assert.Equal("[length(parameters('tableNames'))]", (string?)tables["copy"]!["count"]);
        Assert.Equal(expected.Order(), template["parameters"]!["tableNames"]!["defaultValue"]!.AsArray().Select(t => (string)t!).Order());
    }

    [Fact]
    public void Azure_bot_uses_the_user_assigned_managed_identity_and_the_teams_channel()
    {
        var template = Compiled();
        var properties = Single(template, "Microsoft.BotService/botServices")["properties"]!;

        Assert.Equal("UserAssignedMSI", (string?)properties["msaAppType"]);
        Assert.Contains("clientId", (string?)properties["msaAppId"], StringComparison.Ordinal);
        Assert.Contains("userAssignedIdentities", (string?)properties["msaAppMSIResourceId"], StringComparison.Ordinal);
        Assert.StartsWith("[format('https://{0}/api/messages', reference(", (string?)properties["endpoint"], StringComparison.Ordinal);
        Assert.Contains("defaultHostName", (string?)properties["endpoint"], StringComparison.Ordinal);
        Assert.Equal("MsTeamsChannel", (string?)Single(template, "Microsoft.BotService/botServices/channels")["properties"]!["channelName"]);
    }

    [Fact]
    public void Outputs_give_what_the_packaging_and_the_deployment_need()
    {
        var outputs = Compiled()["outputs"]!.AsObject();

        Assert.Superset(new HashSet<string> { "appHostName", "botId", "tableEndpoint", "webAppName" }, outputs.Select(o => o.Key).ToHashSet());
    }

    private JsonNode Compiled()
    {
        Assert.True(bicep.MainBuild.ExitCode == 0, bicep.MainBuild.ToString());
        return bicep.MainTemplate;
    }

    private static void AssertClean(ToolResult result)
    {
        Assert.True(result.ExitCode == 0 && result.Output.Trim().Length == 0,
            $"Bicep must print no diagnostic at all; it printed, with {result}");
    }

    private static JsonNode Single(JsonNode template, string type)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.ToList(),
            JsonObject byName => byName.Select(r => r.Value).ToList(),
            _ => [],
        };
        return Assert.Single(resources, r => (string?)r!["type"] == type)!;
    }

    /// <summary>Replaces variables('name') by the variable's value as a quoted literal, as ARM would.</summary>
    private static string ResolveVariables(JsonNode template, string expression) =>
        VariableReference().Replace(expression, m => $"'{(string?)template["variables"]![m.Groups[1].Value]}'");

    [GeneratedRegex("(?i)secret|password|pwd|key")]
    private static partial Regex SecretLikeName();

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableReference();
}

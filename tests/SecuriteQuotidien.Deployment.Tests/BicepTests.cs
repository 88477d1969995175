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
    private const string KeyVaultSecretsUserRoleId = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisherRoleId = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultReferencePrefix = "[format('@Microsoft.KeyVault(SecretUri={0}secrets/{1})', reference(resourceId('Microsoft.KeyVault/vaults', parameters('keyVaultName')), ";
    private const string BotIdentityId = "resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', format('{0}-id', parameters('baseName')))";
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
        var settings = AppSettings(Compiled());

        Assert.Equal("UserAssignedMSI", settings["MicrosoftAppType"]);
        Assert.Equal("Production", settings["ASPNETCORE_ENVIRONMENT"]);
        var clientId = settings["MicrosoftAppId"];
        Assert.Contains("clientId", clientId, StringComparison.Ordinal);
        Assert.Equal(clientId, settings["AZURE_CLIENT_ID"]);
        Assert.Equal(clientId, settings["Storage__ManagedIdentityClientId"]);
        Assert.Contains("primaryEndpoints.table", settings["Storage__TableServiceUri"], StringComparison.Ordinal);
        Assert.Equal(settings["MicrosoftAppTenantId"], settings["BotFramework__AllowedTenants__0"]);
        Assert.Contains("ConnectionString", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);

        // A secret-looking setting holds a Key Vault reference, never the value.
        Assert.All(settings.Where(s => SecretLikeName().IsMatch(s.Key)),
            s => Assert.StartsWith(KeyVaultReferencePrefix, s.Value, StringComparison.Ordinal));
        Assert.DoesNotContain(settings.Values, value => value.Contains("listKeys", StringComparison.OrdinalIgnoreCase)
            || value.Contains("AccountKey", StringComparison.OrdinalIgnoreCase)
            || value.Contains("parameters('exportSigningKey')", StringComparison.Ordinal)
            || value.Contains("parameters('retentionPseudonymKey')", StringComparison.Ordinal));
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
        AssertBotIdentityHasRole(Compiled(), TableDataContributorRoleId, "[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]");
    }

    [Fact]
    public void Key_vault_authorises_with_rbac_only_and_keeps_deleted_secrets_unpurgeable()
    {
        var vault = Single(Compiled(), "Microsoft.KeyVault/vaults")["properties"]!;

        Assert.True((bool)vault["enableRbacAuthorization"]!);
        Assert.Empty(vault["accessPolicies"]?.AsArray() ?? []);
        Assert.True((bool)vault["enableSoftDelete"]!);
        Assert.True((bool)vault["enablePurgeProtection"]!);
        Assert.InRange((int)vault["softDeleteRetentionInDays"]!, 7, 90);
    }

    [Fact]
    public void Identity_is_granted_key_vault_secrets_user_on_the_vault()
    {
        AssertBotIdentityHasRole(Compiled(), KeyVaultSecretsUserRoleId, "[resourceId('Microsoft.KeyVault/vaults', parameters('keyVaultName'))]");
    }

    [Theory]
    [InlineData("Export__SigningKey", "exportSigningKey", "[newGuid()]")]
    [InlineData("Retention__PseudonymKey", "retentionPseudonymKey", "")]
    public void A_key_the_bot_reads_is_a_key_vault_secret_from_a_secure_parameter_referenced_from_its_setting(string setting, string parameter, string parameterDefault)
    {
        var template = Compiled();
        var value = AppSettings(template)[setting];

        // The setting is a versionless reference to the secret of that name, resolved with the bot's identity.
        Assert.StartsWith(KeyVaultReferencePrefix, value, StringComparison.Ordinal);
        var secret = Resources(template, "Microsoft.KeyVault/vaults/secrets")
            .Single(s => ((string)s["properties"]!["value"]!) == $"[parameters('{parameter}')]");
        var secretName = ResolveVariables(template, (string)secret["name"]!);
        Assert.StartsWith("[format('{0}/{1}', parameters('keyVaultName'), '", secretName, StringComparison.Ordinal);
        Assert.Equal(LastLiteral(secretName), LastLiteral(ResolveVariables(template, value)));
        Assert.Equal($"[{BotIdentityId}]", (string?)Single(template, "Microsoft.Web/sites")["properties"]!["keyVaultReferenceIdentity"]);

        // Never a literal: a secure parameter whose default is generated at deployment or empty.
        var declared = template["parameters"]![parameter]!;
        Assert.Equal("securestring", (string?)declared["type"]);
        Assert.Equal(parameterDefault, (string?)declared["defaultValue"]);
    }

    [Fact]
    public void The_pseudonym_key_is_written_only_when_given_so_that_a_redeployment_keeps_it()
    {
        var secret = Resources(Compiled(), "Microsoft.KeyVault/vaults/secrets")
            .Single(s => ((string)s["properties"]!["value"]!) == "[parameters('retentionPseudonymKey')]");

        Assert.Equal("[not(empty(parameters('retentionPseudonymKey')))]", (string?)secret["condition"]);
    }

    [Fact]
    public void App_service_authentication_requires_sign_in_everywhere_but_the_bot_endpoint_and_the_health_probe()
    {
        var template = Compiled();
        var auth = Resources(template, "Microsoft.Web/sites/config")
            .Single(c => ((string)c["name"]!).Contains("'authsettingsV2'", StringComparison.Ordinal))["properties"]!;

        Assert.True((bool)auth["platform"]!["enabled"]!);
        var validation = auth["globalValidation"]!;
        Assert.True((bool)validation["requireAuthentication"]!);
        Assert.Equal("RedirectToLoginPage", (string?)validation["unauthenticatedClientAction"]);
        Assert.Equal(["/api/messages", "/healthz"], validation["excludedPaths"]!.AsArray().Select(p => (string?)p).Order());
        Assert.True((bool)auth["httpSettings"]!["requireHttps"]!);
        Assert.True((bool)auth["login"]!["tokenStore"]!["enabled"]!);

        var entra = auth["identityProviders"]!["azureActiveDirectory"]!;
        Assert.True((bool)entra["enabled"]!);
        Assert.Equal("[parameters('exportSignInClientId')]", (string?)entra["registration"]!["clientId"]);
        Assert.Equal(["[parameters('exportSignInClientId')]"], entra["validation"]!["allowedAudiences"]!.AsArray().Select(a => (string?)a));
        Assert.Null(entra["registration"]!["clientSecretSettingName"]);
        Assert.Equal("[format('{0}{1}/v2.0', environment().authentication.loginEndpoint, parameters('tenantId'))]",
            VariableValue(template, (string)entra["registration"]!["openIdIssuer"]!));
        // No default: a deployment cannot forget the app registration.
        Assert.Null(template["parameters"]!["exportSignInClientId"]!["defaultValue"]);
    }

    [Fact]
    public void Export_sign_in_settings_give_the_bot_the_issuer_tenant_and_audience_that_easy_auth_uses()
    {
        var template = Compiled();
        var settings = AppSettings(template);
        var entra = Resources(template, "Microsoft.Web/sites/config")
            .Single(c => ((string)c["name"]!).Contains("'authsettingsV2'", StringComparison.Ordinal))["properties"]!["identityProviders"]!["azureActiveDirectory"]!;

        Assert.Equal((string?)entra["registration"]!["openIdIssuer"], settings["Export__SignIn__Authority"]);
        Assert.Equal((string?)entra["registration"]!["clientId"], settings["Export__SignIn__ClientId"]);
        Assert.Equal(settings["MicrosoftAppTenantId"], settings["Export__SignIn__TenantId"]);
    }

    [Fact]
    public void Storage_is_reachable_only_from_the_web_app_subnet_through_a_service_endpoint()
    {
        var template = Compiled();
        var acls = Single(template, "Microsoft.Storage/storageAccounts")["properties"]!["networkAcls"]!;
        var site = Single(template, "Microsoft.Web/sites")["properties"]!;
        var appSubnetId = (string)site["virtualNetworkSubnetId"]!;

        Assert.Equal("Deny", (string?)acls["defaultAction"]);
        Assert.Equal("None", (string?)acls["bypass"]);
        Assert.Empty(acls["ipRules"]?.AsArray() ?? []);
        var rule = Assert.Single(acls["virtualNetworkRules"]!.AsArray())!;
        Assert.Equal(appSubnetId, (string?)rule["id"]);
        Assert.Equal("Allow", (string?)rule["action"]);

        // That subnet is the App Service plan's (delegated) and carries the storage service endpoint.
        var subnet = Assert.Single(Single(template, "Microsoft.Network/virtualNetworks")["properties"]!["subnets"]!.AsArray())!;
        var subnetName = ResolveVariables(template, (string)subnet["name"]!).Trim('[', ']');
        Assert.Equal($"[resourceId('Microsoft.Network/virtualNetworks/subnets', format('{{0}}-vnet', parameters('baseName')), {subnetName})]",
            ResolveVariables(template, appSubnetId));
        Assert.Contains(subnet["properties"]!["delegations"]!.AsArray(), d => (string?)d!["properties"]!["serviceName"] == "Microsoft.Web/serverFarms");
        Assert.Contains(subnet["properties"]!["serviceEndpoints"]!.AsArray(), e => (string?)e!["service"] == "Microsoft.Storage");
        // Every plan tier offered has regional virtual network integration (Free and Shared have none).
        Assert.DoesNotContain(template["parameters"]!["appServiceSkuName"]!["allowedValues"]!.AsArray(),
            sku => ((string)sku!).StartsWith('F') || ((string)sku!).StartsWith('D'));
    }

    [Fact]
    public void Application_insights_accepts_only_telemetry_sent_with_the_bot_identity()
    {
        var template = Compiled();
        var settings = AppSettings(template);

        Assert.True((bool)Single(template, "Microsoft.Insights/components")["properties"]!["DisableLocalAuth"]!);
        AssertBotIdentityHasRole(template, MonitoringMetricsPublisherRoleId, "[resourceId('Microsoft.Insights/components', format('{0}-ai', parameters('baseName')))]");
        Assert.Equal($"[format('Authorization=AAD;ClientId={{0}}', reference({BotIdentityId}, '2023-01-31').clientId)]",
            settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
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

        Assert.Superset(new HashSet<string> { "appHostName", "botId", "keyVaultName", "tableEndpoint", "webAppName" }, outputs.Select(o => o.Key).ToHashSet());
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

    private static JsonNode Single(JsonNode template, string type) => Assert.Single(Resources(template, type));

    private static List<JsonNode> Resources(JsonNode template, string type)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.ToList(),
            JsonObject byName => byName.Select(r => r.Value).ToList(),
            _ => [],
        };
        return resources.Where(r => (string?)r!["type"] == type).Select(r => r!).ToList();
    }

    private static Dictionary<string, string> AppSettings(JsonNode template) =>
        Single(template, "Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]!
            .AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!);

    /// <summary>The bot's managed identity holds the built-in role on exactly the given scope.</summary>
    private static void AssertBotIdentityHasRole(JsonNode template, string roleId, string scope)
    {
        var expected = $"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{roleId}')]";
        var assignment = Assert.Single(Resources(template, "Microsoft.Authorization/roleAssignments"),
            a => ResolveVariables(template, (string)a["properties"]!["roleDefinitionId"]!) == expected);

        Assert.Equal("ServicePrincipal", (string?)assignment["properties"]!["principalType"]);
        Assert.Equal($"[reference({BotIdentityId}, '2023-01-31').principalId]", (string?)assignment["properties"]!["principalId"]);
        Assert.Equal(scope, (string?)assignment["scope"]);
    }

    /// <summary>Replaces variables('name') by the variable's value as a quoted literal, as ARM would.</summary>
    private static string ResolveVariables(JsonNode template, string expression) =>
        VariableReference().Replace(expression, m => $"'{(string?)template["variables"]![m.Groups[1].Value]}'");

    /// <summary>The value of a variable when the expression is just that variable, otherwise the expression.</summary>
    private static string VariableValue(JsonNode template, string expression) =>
        VariableReference().Match(expression) is { Success: true } m && m.Length == expression.Length - 2
            ? (string)template["variables"]![m.Groups[1].Value]!
            : expression;

    /// <summary>The last argument of an expression when it is a string literal, e.g. a secret's name.</summary>
    private static string LastLiteral(string expression) => TrailingLiteral().Match(expression) is { Success: true } m
        ? m.Groups[1].Value
        : throw new Xunit.Sdk.XunitException($"No trailing string literal in {expression}");

    [GeneratedRegex(@"'([^']+)'\)\]$")]
    private static partial Regex TrailingLiteral();

    [GeneratedRegex("(?i)secret|password|pwd|key")]
    private static partial Regex SecretLikeName();

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableReference();
}

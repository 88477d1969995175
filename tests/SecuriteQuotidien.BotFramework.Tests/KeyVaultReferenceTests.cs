using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SecuriteQuotidien.BotFramework.Configuration;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.BotFramework.Tests;

/// <summary>The literal text App Service passes when it cannot resolve a Key Vault reference is "not configured".</summary>
public sealed class KeyVaultReferenceTests
{
    private const string Reference = "@Microsoft.KeyVault(SecretUri=https://sqkv.vault.azure.net/secrets/retention-pseudonym-key)";

    [Theory]
    [InlineData(Reference, true)]
    [InlineData("@Microsoft.KeyVault(VaultName=sqkv;SecretName=export-signing-key)", true)]
    [InlineData("  @microsoft.keyvault(SecretUri=https://sqkv.vault.azure.net/secrets/x)", true)]
    [InlineData("a-real-key-of-more-than-thirty-two-characters-0123456789", false)]
    [InlineData("key@Microsoft.KeyVault(SecretUri=x)", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void An_unresolved_reference_is_recognised(string? value, bool unresolved)
    {
        Assert.Equal(unresolved, KeyVaultReference.IsUnresolved(value));
        Assert.Equal(unresolved ? null : value, KeyVaultReference.ValueOrNull(value));
    }

    [Fact]
    public async Task At_start_each_unresolved_setting_is_logged_as_an_error_by_name_never_by_value()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Retention:PseudonymKey"] = Reference,
            ["Export:SigningKey"] = "@Microsoft.KeyVault(SecretUri=https://sqkv.vault.azure.net/secrets/export-signing-key)",
            ["Export:PublicBaseUrl"] = "https://bot.example",
        }).Build();
        var capture = new LogCapture();
        using var factory = LoggerFactory.Create(b => b.AddProvider(capture));

        await new UnresolvedKeyVaultReferenceLog(configuration, factory.CreateLogger<UnresolvedKeyVaultReferenceLog>()).StartAsync(CancellationToken.None);

        var logs = capture.Entries;
        Assert.Equal(["Export:SigningKey", "Retention:PseudonymKey"], KeyVaultReference.UnresolvedKeys(configuration));
        Assert.Equal(2, logs.Count);
        Assert.All(logs, l => Assert.Equal(LogLevel.Error, l.Level));
        Assert.Contains(logs, l => l.Message.Contains("Retention:PseudonymKey", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Message.Contains("Export:SigningKey", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Message.Contains("vault.azure.net", StringComparison.Ordinal));
    }
}

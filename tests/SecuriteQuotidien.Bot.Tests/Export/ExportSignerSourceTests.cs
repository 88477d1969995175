using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Export;
using SecuriteQuotidien.Storage.Exports;
using SecuriteQuotidien.Storage.Tables;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Export;

/// <summary>Without a configured key, every instance signs with one key created once in the exports table.</summary>
public sealed class ExportSignerSourceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Expiry = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Two_instances_starting_together_share_the_stored_key_and_a_configured_key_wins()
    {
        var tables = new StorageTables(new TableServiceClient(azurite.ConnectionString), "sig" + Guid.NewGuid().ToString("N")[..12]);
        var keys = new ExportSigningKeyStore(tables);
        var first = new ExportSignerSource(Options.Create(new ExportOptions()), keys);
        var second = new ExportSignerSource(Options.Create(new ExportOptions()), keys);

        var signers = await Task.WhenAll(first.GetAsync(CancellationToken.None).AsTask(), second.GetAsync(CancellationToken.None).AsTask());
        var signature = signers[0].Sign(ExportLinkSigner.ExportPurpose, "20261128-abc", DemoPeople.Commissioner, Expiry);

        Assert.True(signers[1].Verify(ExportLinkSigner.ExportPurpose, "20261128-abc", DemoPeople.Commissioner, Expiry, signature));
        // A later start reads the same key back.
        var restarted = await new ExportSignerSource(Options.Create(new ExportOptions()), keys).GetAsync(CancellationToken.None);
        Assert.True(restarted.Verify(ExportLinkSigner.ExportPurpose, "20261128-abc", DemoPeople.Commissioner, Expiry, signature));

        var configured = await new ExportSignerSource(Options.Create(new ExportOptions { SigningKey = ExportHost.SigningKey }), keys)
            .GetAsync(CancellationToken.None);
        Assert.False(configured.Verify(ExportLinkSigner.ExportPurpose, "20261128-abc", DemoPeople.Commissioner, Expiry, signature));
        Assert.True(configured.Verify(ExportLinkSigner.ExportPurpose, "20261128-abc", DemoPeople.Commissioner, Expiry,
            new ExportLinkSigner(ExportHost.SigningKey).Sign(ExportLinkSigner.ExportPurpose, "20261128-abc", DemoPeople.Commissioner, Expiry)));
    }
}

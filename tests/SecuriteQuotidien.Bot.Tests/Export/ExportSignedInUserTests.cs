using Microsoft.AspNetCore.Builder;
using System.Net;
using SecuriteQuotidien.Bot.Export;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Export;

/// <summary>
/// With <c>Export:RequireSignedInUser</c> (production, behind App Service Authentication): the link works only
/// for the requester named by Easy Auth in X-MS-CLIENT-PRINCIPAL-ID.
/// </summary>
public sealed class ExportSignedInUserTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private ExportHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ExportHost.StartAsync(azurite, requireSignedInUser: true);
        await _host.SeedAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Another_signed_in_user_or_nobody_gets_403_and_the_requester_still_gets_the_file()
    {
        var link = ExportHost.LinkOf(await _host.AskAsync("export", DemoPeople.GapReferent));

        foreach (var principal in new[] { DemoPeople.Commissioner, null, "", DemoPeople.GapReferent + "0" })
        {
            using var refused = await _host.DownloadAsync(link, principal);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(ExportEndpoint.NotYoursText, await refused.Content.ReadAsStringAsync());
        }

        using var own = await _host.DownloadAsync(link, DemoPeople.GapReferent.ToUpperInvariant());
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var again = await _host.DownloadAsync(link, DemoPeople.GapReferent);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
    }
}

using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using SecuriteQuotidien.Bot.Export;
using SecuriteQuotidien.BotFramework.Configuration;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Export;

/// <summary>
/// With <c>Export:SignIn</c> (production, behind App Service Authentication): a download proves who it is with the
/// Entra ID token Easy Auth forwards, validated against the tenant's OpenID metadata (a stand-in on 127.0.0.1 with a
/// test RSA key). The X-MS-CLIENT-PRINCIPAL-ID header alone proves nothing.
/// </summary>
public sealed class ExportSignedInUserTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private EntraSignInStandIn _entra = null!;
    private ExportHost _host = null!;

    public async Task InitializeAsync()
    {
        _entra = await EntraSignInStandIn.StartAsync();
        _host = await ExportHost.StartAsync(azurite, _entra);
        await _host.SeedAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _entra.DisposeAsync();
    }

    [Fact]
    public async Task A_forged_principal_header_without_a_token_gets_403_in_french_and_does_not_use_up_the_link()
    {
        var link = ExportHost.LinkOf(await _host.AskAsync("export", DemoPeople.GapReferent));

        using var forged = await _host.DownloadAsync(link, principalId: DemoPeople.GapReferent);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(ExportEndpoint.NotYoursText, await forged.Content.ReadAsStringAsync());
        using var garbage = await _host.DownloadAsync(link, idToken: "not-a-jwt", principalId: DemoPeople.GapReferent);
        Assert.Equal(HttpStatusCode.Forbidden, garbage.StatusCode);

        using var own = await _host.DownloadAsync(link, _entra.IdToken(DemoPeople.GapReferent, _host.Now));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task A_valid_token_of_another_user_gets_403_even_with_the_requesters_principal_header()
    {
        var link = ExportHost.LinkOf(await _host.AskAsync("export", DemoPeople.GapReferent));

        using var other = await _host.DownloadAsync(link, _entra.IdToken(DemoPeople.Commissioner, _host.Now), principalId: DemoPeople.GapReferent);

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(ExportEndpoint.NotYoursText, await other.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Expired_wrong_audience_issuer_tenant_or_signature_gets_403_then_the_requesters_token_gets_the_file_once()
    {
        var link = ExportHost.LinkOf(await _host.AskAsync("export", DemoPeople.GapReferent));
        var me = DemoPeople.GapReferent;
        var now = _host.Now;
        using var foreignKey = RSA.Create(2048);
        var spoiled = new Dictionary<string, string>
        {
            ["expired"] = _entra.IdToken(me, now.AddHours(-2)),
            ["not yet valid"] = _entra.IdToken(me, now.AddHours(1)),
            ["audience"] = _entra.IdToken(me, now, audience: "11111111-2222-3333-4444-555555555555"),
            ["issuer"] = _entra.IdToken(me, now, issuer: "https://login.microsoftonline.com/" + EntraSignInStandIn.TenantId + "/v2.0"),
            ["tenant"] = _entra.IdToken(me, now, tenantId: "99999999-8888-7777-6666-555555555555"),
            ["signature"] = _entra.IdToken(me, now, signWith: foreignKey),
        };
        foreach (var (why, token) in spoiled)
        {
            using var refused = await _host.DownloadAsync(link, token, principalId: me);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{why}: {refused.StatusCode}");
            Assert.Equal(ExportEndpoint.NotYoursText, await refused.Content.ReadAsStringAsync());
        }

        // The object id's case is not significant (Entra writes it in lower case, the link may not).
        using var own = await _host.DownloadAsync(link, _entra.IdToken(me.ToUpperInvariant(), now));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(ExportWorkbook.ContentType, own.Content.Headers.ContentType?.MediaType);
        using var again = await _host.DownloadAsync(link, _entra.IdToken(me, now));
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
    }
}

/// <summary>
/// Without <c>Export:SignIn</c>, nobody can prove who downloads: only a local run (Development, not App Service)
/// asked from this machine is served; elsewhere 403 with a French text, whatever headers the request carries. The
/// link is made by a local bot; a second instance on the same tables and signing key serves the download.
/// </summary>
public sealed class ExportWithoutSignInTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task From_another_address_a_download_is_refused_even_with_the_requesters_principal_header()
    {
        await using var local = await ExportHost.StartAsync(azurite);
        var link = ExportHost.LinkOf(await local.AskAsync("export", DemoPeople.GapReferent));
        await using var remote = await DownloaderAsync(local, new BotTestHostOptions { RemoteAddress = IPAddress.Parse("203.0.113.7") });

        await AssertRefusedAsync(remote, link);
        using var fromHere = await local.DownloadAsync(link);
        Assert.Equal(HttpStatusCode.OK, fromHere.StatusCode);
    }

    [Fact]
    public async Task On_App_Service_a_download_is_refused_even_from_a_loopback_address()
    {
        await using var local = await ExportHost.StartAsync(azurite);
        var link = ExportHost.LinkOf(await local.AskAsync("export", DemoPeople.GapReferent));
        await using var appService = await DownloaderAsync(local, new BotTestHostOptions
        {
            Settings = new Dictionary<string, string?> { [LocalMode.AppServiceInstanceSetting] = "4f1c3e0d9b2a8c7d6e5f4a3b2c1d0e9f" },
        });

        await AssertRefusedAsync(appService, link);
    }

    private async Task<BotTestHost> DownloaderAsync(ExportHost local, BotTestHostOptions options) =>
        await BotTestHost.StartAsync(azurite, options with
        {
            TablePrefix = local.TablePrefix,
            Install = false,
            Settings = new Dictionary<string, string?>(options.Settings) { ["Export:SigningKey"] = ExportHost.SigningKey },
        });

    private static async Task AssertRefusedAsync(BotTestHost host, Uri link)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, link.PathAndQuery);
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL-ID", DemoPeople.GapReferent);
        using var refused = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(ExportEndpoint.SignInNotConfiguredText, await refused.Content.ReadAsStringAsync());
    }
}

using SecuriteQuotidien.Testing.Playground;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.EndToEnd.Tests.Playground;

/// <summary>The Hautes-Alpes config files load in the real playground, with the ids the department file relies on.</summary>
public sealed class PlaygroundConfigTests
{
    // Nothing listens there: these tests only read the playground's own state.
    private const string UnusedBotEndpoint = "http://127.0.0.1:9/api/messages";

    [Theory]
    [InlineData(PlaygroundHost.HautesAlpesConfig, "29:partner-camille-roux", "Camille Roux", DemoPeople.Camille, "a:personal-camille-roux")]
    [InlineData(PlaygroundHost.HautesAlpesReferentConfig, "29:referent-julien-arnaud", "Lieutenant Julien Arnaud", DemoPeople.Julien, "a:personal-julien-arnaud")]
    [InlineData(PlaygroundHost.HautesAlpesCommissaireConfig, "29:commissioner-helene-faure", "Commissaire Hélène Faure", DemoPeople.Helene, "a:personal-helene-faure")]
    public async Task Each_role_variant_loads_with_the_same_tenant_team_and_people(string configFile, string userId, string name, string aadObjectId, string personalChatId)
    {
        await using var host = await PlaygroundHost.StartAsync(UnusedBotEndpoint, configFile);
        await using var client = await host.ConnectAsync();
        var tenant = client.Tenant;

        Assert.Equal(new PlaygroundUser(userId, name, aadObjectId), tenant.CurrentUser);
        Assert.Equal(personalChatId, tenant.PersonalChatId);
        Assert.Equal(DemoDepartment.Tenant, tenant.TenantId);
        Assert.Equal("28:00000000-0000-4000-8000-0000000000b0", tenant.BotId);
        Assert.Equal("Sécurité du Quotidien", tenant.BotName);
        Assert.Equal("GPO Hautes-Alpes", tenant.TeamName);
        Assert.Equal("19:gap-hyper-centre@thread.tacv2", tenant.TeamId);
        Assert.Equal(
            [new PlaygroundChannel("19:gap-hyper-centre@thread.tacv2", "General"), new PlaygroundChannel("19:briancon-hyper-centre@thread.tacv2", "Briançon hyper-centre")],
            tenant.Channels);
        var everyone = tenant.OtherUsers.Append(tenant.CurrentUser).OrderBy(u => u.AadObjectId).Select(u => $"{u.AadObjectId} {u.Id} {u.Name}");
        Assert.Equal(
            [
                "00000000-0000-4000-8000-000000000001 29:partner-camille-roux Camille Roux",
                "00000000-0000-4000-8000-000000000002 29:partner-karim-benali Karim Benali",
                "00000000-0000-4000-8000-000000000011 29:referent-julien-arnaud Lieutenant Julien Arnaud",
                "00000000-0000-4000-8000-000000000012 29:deputy-sophie-blanc Brigadière Sophie Blanc",
                "00000000-0000-4000-8000-000000000031 29:commissioner-helene-faure Commissaire Hélène Faure",
                "00000000-0000-4000-8000-000000000041 29:admin-marc-giraud Marc Giraud",
            ],
            everyone);
    }
}

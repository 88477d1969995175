using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Help;

/// <summary>`aide` and the answer to free text list only the commands the person may use.</summary>
public sealed class HelpByRoleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<IReadOnlyList<string>> HelpTitlesAsync(string objectId)
    {
        var card = (await _host.SayInPersonalChatAsync("aide", objectId)).Card!;
        return [.. CardClient.Facts(card).Keys];
    }

    [Fact]
    public async Task Each_role_sees_its_own_commands()
    {
        var partner = await HelpTitlesAsync(DemoPeople.Partner);
        var referent = await HelpTitlesAsync(DemoPeople.GapReferent);
        var administrator = await HelpTitlesAsync(DemoPeople.Administrator);
        var stranger = await HelpTitlesAsync(DemoPeople.Stranger);

        Assert.Contains("signaler", partner);
        Assert.Contains("mes signalements", partner);
        Assert.DoesNotContain("signaler", referent);
        Assert.DoesNotContain("mes signalements", referent);
        Assert.Contains("point", referent);
        Assert.Contains("export", referent);
        Assert.Contains("mes dossiers", referent);
        Assert.Contains("dossier", referent);
        Assert.DoesNotContain("mes dossiers", partner);
        Assert.Contains("dossier", partner);
        Assert.DoesNotContain("point", administrator);
        Assert.Equal(["aide"], stranger);
    }

    [Fact]
    public async Task Free_text_suggests_only_what_the_person_may_type()
    {
        var referent = (await _host.SayInPersonalChatAsync("bonjour, une question", DemoPeople.GapReferent)).Text!;
        var partner = (await _host.SayInPersonalChatAsync("bonjour, une question", DemoPeople.Partner)).Text!;

        Assert.Contains("« point »", referent, StringComparison.Ordinal);
        Assert.DoesNotContain("« signaler »", referent, StringComparison.Ordinal);
        Assert.Contains("« signaler »", partner, StringComparison.Ordinal);
    }
}

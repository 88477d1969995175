using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.BotFramework.Authentication;
using SecuriteQuotidien.BotFramework.Configuration;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Hosting;

/// <summary>
/// The local anonymous mode (tokenless requests) and the dev clock serve this machine only: a request from another
/// address is refused, and an App Service instance is never in the local mode, even left in Development without an
/// app id. The decision itself is unit-tested in the BotFramework tests (LocalModeTests); these check the wiring in
/// the real application.
/// </summary>
public sealed class LocalModeGuardTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>TEST-NET-3: an address that is not this machine's.</summary>
    private static readonly IPAddress Remote = IPAddress.Parse("203.0.113.7");

    [Fact]
    public async Task A_tokenless_message_from_another_address_is_refused_401_and_nothing_is_answered_or_stored()
    {
        await using var bot = await BotTestHost.StartAsync(azurite, new BotTestHostOptions { Install = false, RemoteAddress = Remote });

        var response = await bot.SendAsync(TeamsActivities.Personal(bot.Connector.ServiceUrl, text: "aide"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(bot.Get<IBotRequestAuthenticator>().IsAnonymousModeEnabled, "The mode itself is on: only the address refuses.");
        await Task.Delay(300);
        Assert.Empty(bot.Connector.Requests);
    }

    [Fact]
    public async Task The_dev_clock_refuses_another_address_with_403_in_french_and_does_not_move()
    {
        await using var bot = await BotTestHost.StartAsync(azurite, new BotTestHostOptions { Install = false, RemoteAddress = Remote });
        var clock = bot.Get<TimeProvider>();
        var before = clock.GetUtcNow();

        var read = await bot.Http.GetAsync("/_dev/clock");
        var move = await bot.Http.PostAsJsonAsync("/_dev/clock", new { advance = "P1100D" });

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, move.StatusCode);
        Assert.Equal(DevClockExtensions.NotLocal, await ErrorOfAsync(move));
        Assert.InRange(clock.GetUtcNow(), before, before.AddHours(1));
    }

    [Fact]
    public async Task The_loopback_address_of_the_test_host_is_served_as_before()
    {
        await using var bot = await BotTestHost.StartAsync(azurite, new BotTestHostOptions { Install = false });

        Assert.Equal(HttpStatusCode.OK, (await bot.Http.GetAsync("/_dev/clock")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await bot.SendAsync(TeamsActivities.Personal(bot.Connector.ServiceUrl, text: "aide"))).StatusCode);
    }

    [Fact]
    public async Task On_App_Service_Development_without_an_app_id_is_not_the_local_mode()
    {
        await using var bot = await BotTestHost.StartAsync(azurite, new BotTestHostOptions
        {
            Install = false,
            ApplicationClock = true,
            // What App Service sets on each instance (the bot never sets it).
            Settings = new Dictionary<string, string?> { [LocalMode.AppServiceInstanceSetting] = "4f1c3e0d9b2a8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d" },
        });

        var message = await bot.SendAsync(TeamsActivities.Personal(bot.Connector.ServiceUrl, text: "aide"));
        var clock = await bot.Http.PostAsJsonAsync("/_dev/clock", new { advance = "P1100D" });

        Assert.Equal(HttpStatusCode.Unauthorized, message.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, clock.StatusCode);
        Assert.Same(TimeProvider.System, bot.Get<TimeProvider>());
        Assert.False(bot.Get<LocalMode>().IsEnabled);
    }

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("error").GetString()!;
    }
}

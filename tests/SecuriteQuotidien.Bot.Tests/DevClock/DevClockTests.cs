using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Bot.DevClock;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.DevClock;

public sealed class DevelopmentClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 7, 30, 0, TimeSpan.Zero);

    [Fact]
    public void It_follows_the_system_clock_plus_what_it_was_advanced()
    {
        var system = new FakeTimeProvider(Start);
        var clock = new DevelopmentClock(system);

        Assert.Equal(Start + TimeSpan.FromDays(15), clock.Advance(TimeSpan.FromDays(15)));
        system.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(Start + TimeSpan.FromDays(15) + TimeSpan.FromMinutes(3), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromDays(15), clock.Offset);
    }

    [Fact]
    public void It_moves_to_a_later_instant_and_refuses_an_earlier_one()
    {
        var clock = new DevelopmentClock(new FakeTimeProvider(Start));

        Assert.True(clock.TryAdvanceTo(Start.AddDays(3), out var moved));
        Assert.Equal(Start.AddDays(3), moved);
        Assert.False(clock.TryAdvanceTo(Start.AddDays(2), out var unchanged));
        Assert.Equal(Start.AddDays(3), unchanged);
        Assert.Equal(Start.AddDays(3), clock.GetUtcNow());
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
    }
}

public sealed class DevClockEndpointTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>The application's own clock, started at the test clock's instant by configuration.</summary>
    private Task<BotTestHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, BotWorkers workers = BotWorkers.None,
        string environment = "Development")
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            [DevClockExtensions.StartAtKey] = TestClock.DefaultStart.ToString("O"),
        };
        return BotTestHost.StartAsync(azurite, new BotTestHostOptions
        {
            ApplicationClock = true,
            Install = false,
            Settings = all,
            Workers = workers,
            Environment = environment,
        });
    }

    [Fact]
    public async Task In_a_local_anonymous_run_the_application_clock_moves_forward_only()
    {
        await using var bot = await StartAsync();
        var client = bot.Http;
        var started = await ReadStateAsync(await client.GetAsync("/_dev/clock"));
        Assert.InRange(started.Now, TestClock.DefaultStart, TestClock.DefaultStart.AddMinutes(5));

        var advanced = await ReadStateAsync(await client.PostAsJsonAsync("/_dev/clock", new { advance = "P15D" }));
        Assert.InRange(advanced.Now, started.Now.AddDays(15), started.Now.AddDays(15).AddMinutes(5));
        Assert.Equal(TimeSpan.FromDays(15), advanced.Offset - started.Offset);
        Assert.Equal(advanced.Now, advanced.Paris);
        Assert.Contains(advanced.Paris.Offset, new[] { TimeSpan.FromHours(1), TimeSpan.FromHours(2) });
        var applicationClock = Assert.IsType<DevelopmentClock>(bot.Get<TimeProvider>());
        Assert.True(applicationClock.GetUtcNow() >= advanced.Now);

        var target = new DateTimeOffset(advanced.Now.Year + 1, 1, 4, 8, 30, 0, TimeSpan.FromHours(1));
        var moved = await ReadStateAsync(await client.PostAsJsonAsync("/_dev/clock", new { to = target.ToString("O") }));
        Assert.InRange(moved.Now, target, target.AddMinutes(5));

        var now = await ReadStateAsync(await client.GetAsync("/_dev/clock"));
        Assert.InRange(now.Now, target, target.AddMinutes(5));

        var backward = await client.PostAsJsonAsync("/_dev/clock", new { to = target.AddDays(-1).ToString("O") });
        Assert.Equal(HttpStatusCode.BadRequest, backward.StatusCode);
        Assert.StartsWith("L'horloge de développement ne recule jamais", await ErrorOfAsync(backward), StringComparison.Ordinal);
        var negative = await client.PostAsJsonAsync("/_dev/clock", new { advance = "-P1D" });
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.StartsWith("L'horloge de développement ne recule jamais", await ErrorOfAsync(negative), StringComparison.Ordinal);
        Assert.InRange((await ReadStateAsync(await client.GetAsync("/_dev/clock"))).Now, target, target.AddMinutes(5));
    }

    [Fact]
    public async Task A_move_to_the_digest_time_sends_the_weekly_digest_at_once_and_only_once()
    {
        await using var bot = await StartAsync(new Dictionary<string, string?>
        {
            // The hosted loop checks only at start: the move itself must bring the digest.
            ["Digest:SweepInterval"] = "1.00:00:00",
        }, BotWorkers.Digest);
        var client = bot.Http;
        var today = ParisTime.DateOf((await ReadStateAsync(await client.GetAsync("/_dev/clock"))).Now);
        var nextMonday = today.AddDays(((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7 + 7);

        var atDigestTime = await ReadStateAsync(await client.PostAsJsonAsync("/_dev/clock", new { to = ParisTime.At(nextMonday, new TimeOnly(8, 1)).ToString("O") }));
        var minuteLater = await ReadStateAsync(await client.PostAsJsonAsync("/_dev/clock", new { advance = "PT1M" }));

        Assert.True(atDigestTime.DigestMessages > 0, "The digest was not sent when the clock reached its time.");
        Assert.Equal(0, minuteLater.DigestMessages);
    }

    [Theory]
    [InlineData("{\"advance\":\"quinze jours\"}", "Durée invalide")]
    [InlineData("{\"to\":\"demain\"}", "Date et heure invalides")]
    [InlineData("{\"advance\":\"P1D\",\"to\":\"2030-01-01T00:00:00Z\"}", "Indiquez soit")]
    [InlineData("{}", "Indiquez soit")]
    public async Task A_bad_request_is_refused_in_french_and_the_clock_stays(string body, string expected)
    {
        await using var bot = await StartAsync();
        var client = bot.Http;
        var before = (await ReadStateAsync(await client.GetAsync("/_dev/clock"))).Offset;

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/_dev/clock", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(expected, await ErrorOfAsync(response), StringComparison.Ordinal);
        Assert.Equal(before, (await ReadStateAsync(await client.GetAsync("/_dev/clock"))).Offset);
    }

    [Fact]
    public async Task With_an_app_id_the_endpoint_does_not_exist_and_the_clock_is_the_system_one()
    {
        await using var bot = await StartAsync(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = "11111111-2222-4333-8444-555555555555",
            ["MicrosoftAppPassword"] = "not-a-real-secret",
        });
        await AssertNoDevClockAsync(bot);
    }

    [Fact]
    public async Task Outside_development_the_endpoint_does_not_exist_and_the_clock_is_the_system_one()
    {
        // Staging: Production also refuses the emulator's account key, which is not what this test is about.
        await using var staging = await StartAsync(new Dictionary<string, string?>
        {
            // What other features require outside Development.
            ["Export:SigningKey"] = new string('k', 48),
            ["Export:PublicBaseUrl"] = "https://bot.example",
        }, environment: "Staging");
        await AssertNoDevClockAsync(staging);
    }

    private static async Task AssertNoDevClockAsync(BotTestHost bot)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await bot.Http.GetAsync("/_dev/clock")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bot.Http.PostAsJsonAsync("/_dev/clock", new { advance = "P15D" })).StatusCode);
        Assert.Same(TimeProvider.System, bot.Get<TimeProvider>());
    }

    private static async Task<DevClockState> ReadStateAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DevClockState>(JsonSerializerOptions.Web))!;
    }

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("error").GetString()!;
    }
}

using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Status;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Status;

/// <summary>
/// A process starting over stored issues warms the status cache by itself: the commissioner's first « point »
/// reads no sector listing. The data set of <see cref="StatusHost"/> is written by a first host, then a second
/// one starts over the same tables with the warmer on.
/// </summary>
public sealed class StatusCacheWarmerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task After_start_up_the_first_point_is_answered_from_the_warm_cache_without_a_listing_read()
    {
        await using var writer = await StatusHost.StartAsync(azurite, StatusHost.DataSetDay);
        await writer.SeedAsync();

        await using var restarted = await StatusHost.StartAsync(azurite, StatusHost.DataSetDay, new Dictionary<string, string?>
        {
            ["Storage:TablePrefix"] = writer.TablePrefix,
            ["Status:WarmCache"] = "true",
        });
        var warmer = restarted.Services.GetRequiredService<StatusCacheWarmer>();
        var source = restarted.Services.GetRequiredService<StatusIssueSource>();
        for (var waited = TimeSpan.Zero; warmer.Passes == 0 && waited < StartTimeout; waited += TimeSpan.FromMilliseconds(50))
        {
            await Task.Delay(50);
        }
        Assert.Equal(1, warmer.Passes);
        var readsAfterWarmUp = source.ListingReads;

        var reply = await restarted.AskAsync("point");

        Assert.Equal(6, readsAfterWarmUp); // one per sector of Hautes-Alpes, by the warmer
        Assert.Equal(readsAfterWarmUp, source.ListingReads);
        Assert.Equal("7", FactValue(reply.Card!, "Problèmes identifiés"));
    }

    [Fact]
    public async Task The_warmer_stays_off_when_the_setting_is_off()
    {
        await using var host = await StatusHost.StartAsync(azurite, StatusHost.DataSetDay);
        // The hosted services started with the factory; a warm-up pass would have read the listings at once.
        var source = host.Services.GetRequiredService<StatusIssueSource>();

        Assert.Equal(0, host.Services.GetRequiredService<StatusCacheWarmer>().Passes);
        Assert.Equal(0, source.ListingReads);
        await host.AskAsync("point");
        Assert.Equal(6, source.ListingReads);
    }

    private static string? FactValue(JsonNode node, string title) => node switch
    {
        JsonObject obj when obj["title"]?.GetValue<string>() == title && obj["value"] is JsonValue value => value.GetValue<string>(),
        JsonObject obj => obj.Select(p => p.Value is null ? null : FactValue(p.Value, title)).FirstOrDefault(v => v is not null),
        JsonArray array => array.Select(n => n is null ? null : FactValue(n, title)).FirstOrDefault(v => v is not null),
        _ => null,
    };
}

using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Status;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Status;

public sealed class WeeklyDigestTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset MondayEight = ParisTime.At(new DateOnly(2026, 11, 23), new TimeOnly(8, 0));

    private static readonly string[] Sectors =
    [
        "gap-hyper-centre", "gap-zones-economiques", "gap-forte-densite",
        "briancon-hyper-centre", "briancon-zones-economiques", "briancon-forte-densite",
    ];

    [Fact]
    public async Task On_Monday_at_eight_each_recipient_gets_one_digest_and_a_second_sweep_sends_nothing()
    {
        await using var host = await StatusHost.StartAsync(azurite, StatusHost.DataSetDay);
        await host.SeedAsync();
        // The commissioner installed the bot: their personal chat is known.
        await host.Services.GetRequiredService<IConversationReferenceStore>().SaveAsync(new ConversationReference
        {
            ConversationId = "a:1personal-commissioner",
            ServiceUrl = host.Connector.ServiceUrl,
            ConversationType = "personal",
            TenantId = DemoDepartment.Tenant,
            UserId = "29:1commissioner",
            UserAadObjectId = DemoPeople.Commissioner,
            LastSeen = StatusHost.DataSetDay,
        }, CancellationToken.None);
        host.Time.SetUtcNow(MondayEight);
        var digest = host.Services.GetRequiredService<WeeklyDigest>();

        Assert.Equal(7, await digest.SweepAsync(CancellationToken.None));
        host.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await digest.SweepAsync(CancellationToken.None));

        var outbox = host.Services.GetRequiredService<IOutbox>();
        var commissioner = await outbox.GetAsync("digest:2026-W48:commissioner", CancellationToken.None);
        Assert.NotNull(commissioner);
        Assert.Equal("a:1personal-commissioner", commissioner.Target.ConversationId);
        var card = JsonNode.Parse(commissioner.ActivityJson)!["activity"]!["attachments"]![0]!["content"]!;
        Assert.Equal("Bilan de la semaine : tout le département (Hautes-Alpes)", card["body"]![0]!["text"]!.GetValue<string>());
        var lines = card["body"]!.AsArray().Select(e => e!["text"]?.GetValue<string>()).ToList();
        // Week of 16–22 November: nothing created; 0007's deadline (21 Nov) passed unanswered; 0003, 0004, 0007 overdue today.
        Assert.Contains("**0** nouveau signalement", lines);
        Assert.Contains("**1** échéance dépassée sans réponse", lines);
        Assert.Contains(lines, l => l is not null && l.StartsWith("**", StringComparison.Ordinal) && l.Contains("ouverts aujourd'hui, dont 3 en retard", StringComparison.Ordinal));
        foreach (var sector in Sectors)
        {
            Assert.NotNull(await outbox.GetAsync($"digest:2026-W48:{sector}", CancellationToken.None));
        }
        var briancon = await outbox.GetAsync("digest:2026-W48:briancon-hyper-centre", CancellationToken.None);
        Assert.Equal("19:briancon-hyper-centre@thread.tacv2", briancon!.Target.ConversationId.Split(';')[0]);
    }

    [Fact]
    public async Task A_sector_channel_digest_neither_counts_nor_lists_restricted_issues_the_commissioner_digest_does()
    {
        await using var host = await StatusHost.StartAsync(azurite, StatusHost.DataSetDay);
        await host.SeedAsync();
        static DateTimeOffset At(int month, int day) => ParisTime.At(new DateOnly(2026, month, day), new TimeOnly(9, 0));
        // Briançon forte densité: a restricted issue overdue since 31 October, another reported during the digest's week.
        var overdue = await host.SeedIssueAsync(DemoDepartment.BrianconDense, "trafic-stupefiants", reporter: DemoPeople.Karim,
            shape: i => i with { CreatedAt = At(10, 1), Deadline = new DateOnly(2026, 10, 31) });
        var recent = await host.SeedIssueAsync(DemoDepartment.BrianconDense, "trafic-stupefiants", reporter: DemoPeople.Karim,
            shape: i => i with { CreatedAt = At(11, 17), Deadline = new DateOnly(2026, 12, 17) });
        host.Time.SetUtcNow(MondayEight);

        Assert.Equal(7, await host.Services.GetRequiredService<WeeklyDigest>().SweepAsync(CancellationToken.None));

        var outbox = host.Services.GetRequiredService<IOutbox>();
        static JsonNode CardOf(OutboxMessage? entry) => JsonNode.Parse(entry!.ActivityJson)!["activity"]!["attachments"]![0]!["content"]!;
        static List<string?> LinesOf(JsonNode card) => [.. card["body"]!.AsArray().Select(e => e!["text"]?.GetValue<string>())];

        var channel = CardOf(await outbox.GetAsync($"digest:2026-W48:{DemoDepartment.BrianconDense}", CancellationToken.None));
        var channelLines = LinesOf(channel);
        Assert.Contains("**0** nouveau signalement", channelLines);
        Assert.Contains(channelLines, l => l is not null && l.Contains("dont 1 en retard", StringComparison.Ordinal));
        var channelJson = channel.ToJsonString();
        Assert.DoesNotContain(overdue.Number.ToString(), channelJson, StringComparison.Ordinal);
        Assert.DoesNotContain(recent.Number.ToString(), channelJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Trafic de stup", channelJson, StringComparison.Ordinal);

        var commissioner = CardOf(await outbox.GetAsync("digest:2026-W48:commissioner", CancellationToken.None));
        var commissionerLines = LinesOf(commissioner);
        Assert.Contains("**1** nouveau signalement", commissionerLines);
        Assert.Contains(commissionerLines, l => l is not null && l.Contains("dont 4 en retard", StringComparison.Ordinal));
        Assert.Contains(overdue.Number.ToString(), commissioner.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_instances_sweeping_at_once_record_the_digest_once()
    {
        await using var host = await StatusHost.StartAsync(azurite, MondayEight.AddMinutes(1));
        var digest = host.Services.GetRequiredService<WeeklyDigest>();
        var second = ActivatorUtilities.CreateInstance<WeeklyDigest>(host.Services);

        var counts = await Task.WhenAll(digest.SweepAsync(CancellationToken.None), second.SweepAsync(CancellationToken.None));

        Assert.Equal(7, counts.Sum());
    }

    [Fact]
    public async Task Before_the_time_or_after_the_catch_up_window_nothing_is_sent()
    {
        await using var host = await StatusHost.StartAsync(azurite, MondayEight.AddMinutes(-1));
        var digest = host.Services.GetRequiredService<WeeklyDigest>();
        Assert.Equal(0, await digest.SweepAsync(CancellationToken.None));

        host.Time.SetUtcNow(MondayEight.AddHours(13));
        Assert.Equal(0, await digest.SweepAsync(CancellationToken.None));
    }

    public static TheoryData<string, string?> Schedules => new()
    {
        { "2026-11-23T08:00", "2026-11-23T08:00" },
        { "2026-11-23T19:59", "2026-11-23T08:00" },
        { "2026-11-23T20:01", null },
        { "2026-11-23T07:59", null },
        { "2026-11-24T08:00", null },
        // Summer time: 08:00 Paris is 06:00 UTC.
        { "2026-06-01T08:30", "2026-06-01T08:00" },
    };

    [Theory]
    [MemberData(nameof(Schedules))]
    public void The_digest_is_due_from_Monday_eight_Paris_time_within_the_catch_up_window(string parisNow, string? expected)
    {
        var now = ParisTime.At(DateOnly.Parse(parisNow[..10]), TimeOnly.Parse(parisNow[11..]));
        var due = WeeklyDigest.DueAt(now, new DigestOptions());
        Assert.Equal(expected is null ? null : ParisTime.At(DateOnly.Parse(expected[..10]), TimeOnly.Parse(expected[11..])), due);
    }

    [Fact]
    public void The_week_key_is_the_ISO_week()
    {
        Assert.Equal("2026-W48", WeeklyDigest.WeekKey(new DateOnly(2026, 11, 23)));
        Assert.Equal("2026-W53", WeeklyDigest.WeekKey(new DateOnly(2027, 1, 1)));
        Assert.Equal("digest:2026-W48:gap-hyper-centre", OutboxKeys.Digest("2026-W48", "gap-hyper-centre"));
    }
}

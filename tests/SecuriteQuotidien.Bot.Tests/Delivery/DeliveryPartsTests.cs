using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.IssueCard;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Tests.Delivery;

/// <summary>The pieces of delivery that need no storage: pacing, envelope, backoff, options.</summary>
public sealed class DeliveryPartsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private static ConversationPacer TeamsPacer(FakeTimeProvider time, TimeSpan? margin = null) =>
        new(DeliveryOptions.DefaultPacing, margin ?? TimeSpan.Zero, time);

    private static List<DateTimeOffset> Reserve(ConversationPacer pacer, string conversation, int count)
    {
        var slots = new List<DateTimeOffset>();
        for (var i = 0; i < count; i++)
        {
            Assert.True(pacer.TryReserve(conversation, DateTimeOffset.MaxValue, out var slot));
            slots.Add(slot);
        }
        return slots;
    }

    [Fact]
    public void Seven_sends_go_at_once_and_the_eighth_waits_for_the_first_to_leave_the_second()
    {
        var time = new FakeTimeProvider(Start);
        var pacer = TeamsPacer(time, TimeSpan.FromMilliseconds(100));

        var slots = Reserve(pacer, "a:one", 8);

        Assert.All(slots.Take(7), slot => Assert.Equal(Start, slot));
        Assert.Equal(Start + TimeSpan.FromMilliseconds(1_100), slots[7]);
    }

    [Fact]
    public void Conversations_are_paced_apart()
    {
        var pacer = TeamsPacer(new FakeTimeProvider(Start));

        Reserve(pacer, "a:one", 7);

        Assert.True(pacer.TryReserve("a:two", DateTimeOffset.MaxValue, out var slot));
        Assert.Equal(Start, slot);
    }

    [Fact]
    public void No_window_of_the_rules_ever_holds_more_than_its_limit()
    {
        var time = new FakeTimeProvider(Start);
        var pacer = TeamsPacer(time);

        var slots = Reserve(pacer, "19:c@thread.tacv2;messageid=1", 150);

        foreach (var rule in DeliveryOptions.DefaultPacing)
        {
            var busiest = slots.Max(from => slots.Count(s => s >= from && s < from + rule.Window));
            Assert.Equal(rule.Limit, busiest);
        }
        // 150 sends at 60 per 30 s need more than two full windows.
        Assert.True(slots[^1] - slots[0] >= TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void A_slot_later_than_allowed_is_not_reserved()
    {
        var time = new FakeTimeProvider(Start);
        var pacer = TeamsPacer(time);
        Reserve(pacer, "a:one", 7);

        Assert.False(pacer.TryReserve("a:one", Start + TimeSpan.FromMilliseconds(500), out var earliest));

        Assert.Equal(Start + TimeSpan.FromSeconds(1), earliest);
        // Nothing was reserved: the same slot is still the next one.
        Assert.True(pacer.TryReserve("a:one", DateTimeOffset.MaxValue, out var next));
        Assert.Equal(earliest, next);
    }

    [Fact]
    public void Sends_older_than_the_window_no_longer_count()
    {
        var time = new FakeTimeProvider(Start);
        var pacer = TeamsPacer(time);
        Reserve(pacer, "a:one", 7);

        time.Advance(TimeSpan.FromSeconds(2));

        Assert.All(Reserve(pacer, "a:one", 7), slot => Assert.Equal(time.GetUtcNow(), slot));
    }

    [Fact]
    public void A_send_that_started_late_counts_from_when_it_left()
    {
        var time = new FakeTimeProvider(Start);
        var pacer = TeamsPacer(time);
        var slots = Reserve(pacer, "a:one", 7);
        // The seven sends left 800 ms after their slots (a loaded machine).
        var left = Start + TimeSpan.FromMilliseconds(800);
        foreach (var slot in slots)
        {
            pacer.Started("a:one", slot, left);
        }

        Assert.True(pacer.TryReserve("a:one", DateTimeOffset.MaxValue, out var eighth));

        var counted = Enumerable.Repeat(left, 7).Append(eighth).ToList();
        Assert.True(counted.Max(first => counted.Count(t => t >= first && t < first + TimeSpan.FromSeconds(1))) <= 7,
            $"eighth slot {eighth - Start} after the start");
    }

    [Fact]
    public void The_envelope_round_trips_and_never_writes_nulls()
    {
        var envelope = new DeliveryEnvelope
        {
            Mode = DeliveryMode.NewThread,
            Activity = new Activity { Type = ActivityTypes.Message, Text = "Nouveau signalement" },
            Purpose = AttachThreadPurpose.PurposeName,
            PurposeData = AttachThreadPurpose.For("gap-hyper-centre", IssueNumber.Parse("05-2026-0042")).Data,
        };

        var json = envelope.ToJson();
        var back = DeliveryEnvelope.TryParse(json);

        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.Contains("\"mode\":\"newThread\"", json, StringComparison.Ordinal);
        Assert.Contains("\"version\":1", json, StringComparison.Ordinal);
        Assert.NotNull(back);
        Assert.Equal(DeliveryMode.NewThread, back.Mode);
        Assert.Equal("Nouveau signalement", back.Activity.Text);
        Assert.Equal("05-2026-0042", back.PurposeData!.Value.GetProperty("issueNumber").GetString());
    }

    [Theory]
    [InlineData("{\"version\":2,\"mode\":\"send\",\"activity\":{\"type\":\"message\"}}")]
    [InlineData("{\"version\":1,\"mode\":\"teleport\",\"activity\":{\"type\":\"message\"}}")]
    [InlineData("{\"version\":1,\"mode\":\"send\"}")]
    [InlineData("{\"type\":\"message\",\"text\":\"an activity, not an envelope\"}")]
    [InlineData("not json")]
    public void A_payload_this_version_cannot_read_is_refused(string json)
    {
        Assert.Null(DeliveryEnvelope.TryParse(json));
    }

    [Fact]
    public void Backoff_doubles_from_the_base_and_stays_within_the_bound_with_jitter()
    {
        var baseDelay = TimeSpan.FromSeconds(2);
        var max = TimeSpan.FromMinutes(5);

        for (var attempt = 1; attempt <= 40; attempt++)
        {
            var expected = Math.Min(2 * Math.Pow(2, attempt - 1), 300);
            var delay = OutboxDispatcher.Backoff(attempt, baseDelay, max).TotalSeconds;
            Assert.InRange(delay, expected * 0.8, expected * 1.2);
        }
    }

    [Theory]
    [InlineData("19:c@thread.tacv2;messageid=1718000000999", "1718000000999")]
    [InlineData("19:c@thread.tacv2", null)]
    public void The_root_id_is_read_from_a_thread_conversation_id(string conversationId, string? expected)
    {
        Assert.Equal(expected, OutboxDispatcher.RootIdOf(conversationId));
    }

    private static DeliveryOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddDelivery(configuration);
        return services.BuildServiceProvider().GetRequiredService<IOptions<DeliveryOptions>>().Value;
    }

    [Fact]
    public void Options_bind_from_the_delivery_section_and_a_pacing_list_replaces_the_defaults()
    {
        var options = Bind(new()
        {
            ["Delivery:PollInterval"] = "00:00:02",
            ["Delivery:BatchSize"] = "5",
            ["Delivery:ClaimDuration"] = "00:01:00",
            ["Delivery:MaxAttempts"] = "12",
            ["Delivery:DefaultServiceUrl"] = "https://smba.trafficmanager.net/teams/",
            ["Delivery:Pacing:0:Limit"] = "3",
            ["Delivery:Pacing:0:Window"] = "00:00:01",
        });

        Assert.Equal(TimeSpan.FromSeconds(2), options.PollInterval);
        Assert.Equal(5, options.BatchSize);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ClaimDuration);
        Assert.Equal(12, options.MaxAttempts);
        Assert.Equal("https://smba.trafficmanager.net/teams/", options.DefaultServiceUrl);
        var rule = Assert.Single(options.EffectivePacing);
        Assert.Equal(3, rule.Limit);
    }

    [Fact]
    public void The_defaults_follow_the_teams_limits_and_the_emea_connector()
    {
        var options = Bind([]);

        Assert.Equal(DeliveryOptions.EmeaServiceUrl, options.DefaultServiceUrl);
        Assert.Equal(TimeSpan.FromSeconds(1), options.PollInterval);
        Assert.Equal([(7, TimeSpan.FromSeconds(1)), (60, TimeSpan.FromSeconds(30))], options.EffectivePacing.Select(r => (r.Limit, r.Window)));
    }

    [Theory]
    [InlineData("Delivery:BatchSize", "0")]
    [InlineData("Delivery:SettleMargin", "00:05:00")]
    [InlineData("Delivery:DefaultServiceUrl", "smba.trafficmanager.net/emea")]
    [InlineData("Delivery:RetryBaseDelay", "00:30:00")]
    [InlineData("Delivery:Pacing:0:Limit", "0")]
    public void Bad_options_are_refused(string key, string value)
    {
        var settings = new Dictionary<string, string?> { ["Delivery:Pacing:0:Window"] = "00:00:01", ["Delivery:Pacing:0:Limit"] = "7" };
        settings[key] = value;

        Assert.Throws<OptionsValidationException>(() => Bind(settings));
    }
}

using System.ComponentModel.DataAnnotations;

namespace SecuriteQuotidien.Bot.Delivery;

/// <summary>Configuration section <c>Delivery</c>: how the outbox dispatcher claims, paces and retries proactive messages.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    /// <summary>The Teams connector of the EMEA region, used when no stored reference gives a channel's service URL.</summary>
    public const string EmeaServiceUrl = "https://smba.trafficmanager.net/emea/";

    /// <summary>
    /// <c>Delivery:CheckChannelsAtStart</c>: at start, one warning naming the sectors whose channel the bot has no
    /// stored conversation for (see <see cref="SectorChannelCheck"/>).
    /// </summary>
    public bool CheckChannelsAtStart { get; set; } = true;

    /// <summary><c>Delivery:PollInterval</c>: how often the outbox is read when nothing was enqueued in this process.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>Delivery:BatchSize</c>: most messages claimed and in flight at once (all conversations together).</summary>
    [Range(1, 100)]
    public int BatchSize { get; set; } = 20;

    /// <summary>
    /// <c>Delivery:ClaimDuration</c>: how long a claimed message belongs to this instance. A send still
    /// running near the end of the claim is cancelled (see <see cref="SettleMargin"/>), so that another
    /// instance never sends a message this one is still sending.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// <c>Delivery:SettleMargin</c>: time kept at the end of a claim to run the "on sent" purpose and
    /// record the outcome. Sends start and finish before <c>claim end - margin</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SettleMargin { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary><c>Delivery:MaxAttempts</c>: claims of one message before it is recorded failed-permanent and reported.</summary>
    [Range(1, 10_000)]
    public int MaxAttempts { get; set; } = 200;

    /// <summary><c>Delivery:DefaultServiceUrl</c>: connector used for a channel the bot has no stored reference for.</summary>
    [Required]
    public string DefaultServiceUrl { get; set; } = EmeaServiceUrl;

    /// <summary><c>Delivery:RetryBaseDelay</c>: first delay after a transient failure; doubles at each attempt, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary><c>Delivery:RetryMaxDelay</c>: upper bound of the delay between two attempts of one message.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>Delivery:ThrottledMinDelay</c>: least delay after a 429 the connector client's own retries
    /// (which honour Retry-After) did not absorb.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ThrottledMinDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Delivery:StorageRetryMaxDelay</c>: upper bound of the pause of the dispatcher while the storage fails.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan StorageRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>Delivery:Pacing</c>: per conversation, at most <see cref="PacingRule.Limit"/> sends in any
    /// <see cref="PacingRule.Window"/> (Teams: 7 per second and 60 per 30 s per bot and thread).
    /// Null keeps the defaults; a configured list replaces them.
    /// </summary>
    public List<PacingRule>? Pacing { get; set; }

    /// <summary>
    /// <c>Delivery:PacingMargin</c>: added to every pacing window, because Teams counts arrivals and
    /// network delays vary between two sends (250 ms: arrival jitter of more than 100 ms was measured on a
    /// loaded 2-core host; it costs a conversation under 2 % of its 60-per-30-s allowance).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan PacingMargin { get; set; } = TimeSpan.FromMilliseconds(250);

    public static IReadOnlyList<PacingRule> DefaultPacing { get; } =
    [
        new() { Limit = 7, Window = TimeSpan.FromSeconds(1) },
        new() { Limit = 60, Window = TimeSpan.FromSeconds(30) },
    ];

    public IReadOnlyList<PacingRule> EffectivePacing => Pacing is { Count: > 0 } ? Pacing : DefaultPacing;
}

/// <summary>At most <see cref="Limit"/> sends in any <see cref="Window"/>.</summary>
public sealed class PacingRule
{
    [Range(1, 10_000)]
    public int Limit { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan Window { get; set; }
}

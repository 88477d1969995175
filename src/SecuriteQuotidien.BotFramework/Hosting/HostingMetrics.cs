using System.Diagnostics.Metrics;

namespace SecuriteQuotidien.BotFramework.Hosting;

/// <summary>The protocol layer's counters, on its own meter so that it needs nothing from the bot.</summary>
public sealed class HostingMetrics
{
    public const string MeterName = "SecuriteQuotidien.BotFramework";
    public const string TurnQueueRejectedName = "sq.turn_queue.rejected";
    public const string RateLimitedName = "sq.inbound.rate_limited";
    public const string RecoveredName = "sq.inbound.recovered";
    public const string AbandonedName = "sq.inbound.abandoned";

    private readonly Counter<long> _turnQueueRejected;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _recovered;
    private readonly Counter<long> _abandoned;

    public HostingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _turnQueueRejected = meter.CreateCounter<long>(TurnQueueRejectedName, "{activity}",
            "Activities answered 503 because their conversation's share of the turn queue, or the queue, was full.");
        _rateLimited = meter.CreateCounter<long>(RateLimitedName, "{activity}",
            "Activities refused because their user was over a per-user limit.");
        _recovered = meter.CreateCounter<long>(RecoveredName, "{activity}",
            "Accepted activities not processed within their grace, taken over and queued again.");
        _abandoned = meter.CreateCounter<long>(AbandonedName, "{activity}",
            "Accepted activities given up after too many takeovers or with an unreadable body.");
    }

    public void TurnQueueRejected() => _turnQueueRejected.Add(1);

    /// <param name="kind"><c>message</c> or <c>invoke</c>.</param>
    public void RateLimited(string kind) => _rateLimited.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void InboundRecovered(int count) => _recovered.Add(count);

    public void InboundAbandoned() => _abandoned.Add(1);
}

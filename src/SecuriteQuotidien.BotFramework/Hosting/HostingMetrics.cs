using System.Diagnostics.Metrics;

namespace SecuriteQuotidien.BotFramework.Hosting;

/// <summary>The protocol layer's counters, on its own meter so that it needs nothing from the bot.</summary>
public sealed class HostingMetrics
{
    public const string MeterName = "SecuriteQuotidien.BotFramework";
    public const string TurnQueueRejectedName = "sq.turn_queue.rejected";

    private readonly Counter<long> _turnQueueRejected;

    public HostingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _turnQueueRejected = meter.CreateCounter<long>(TurnQueueRejectedName, "{activity}",
            "Activities answered 503 because their turn queue lane was full.");
    }

    public void TurnQueueRejected() => _turnQueueRejected.Add(1);
}

using System.Diagnostics.Metrics;

namespace SecuriteQuotidien.Bot.Tests.Observability;

/// <summary>
/// Records the long measurements of the meters one DI container created (its <see cref="IMeterFactory"/>),
/// so that other hosts running in parallel do not mix in.
/// </summary>
internal sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<Measurement> _measurements = [];

    public sealed record Measurement(string Instrument, long Value, IReadOnlyDictionary<string, object?> Tags);

    public MeterRecorder(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }
            lock (_measurements)
            {
                _measurements.Add(new Measurement(instrument.Name, value, copy));
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<Measurement> Of(string instrument)
    {
        lock (_measurements)
        {
            return _measurements.Where(m => m.Instrument == instrument).ToList();
        }
    }

    public void Dispose() => _listener.Dispose();
}

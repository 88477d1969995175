using System.Globalization;
using System.Text;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;

namespace SecuriteQuotidien.Storage.Issues;

/// <summary>
/// The <c>Clock</c> column of an issue row: its <see cref="IssueClock"/> as one short string, instants as UTC ticks
/// (exact, as the timeline stores them): <c>1;p=START-END,START-;r=T,T;c=T;o=T</c> — pauses (the running one without
/// end), responses, closures, reopenings. A few dozen bytes for a usual issue; the leading 1 is the format's version.
/// </summary>
internal static class ClockText
{
    private const string Version = "1";

    public static string Format(IssueClock clock)
    {
        var text = new StringBuilder(Version);
        text.Append(";p=").AppendJoin(',', clock.Pauses.Select(p => $"{Ticks(p.Start)}-{(p.End is { } end ? Ticks(end) : "")}"));
        Append(text, "r", clock.Responses);
        Append(text, "c", clock.Closures);
        Append(text, "o", clock.Reopenings);
        return text.ToString();
    }

    public static IssueClock Parse(string text)
    {
        var parts = text.Split(';');
        if (parts[0] != Version)
        {
            throw new FormatException($"Unknown issue clock format '{parts[0]}'.");
        }
        var fields = parts.Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return new IssueClock
        {
            Pauses = [.. Items(fields, "p").Select(p => p.Split('-')).Select(p => new PauseInterval(Instant(p[0]), p[1].Length == 0 ? null : Instant(p[1])))],
            Responses = [.. Items(fields, "r").Select(Instant)],
            Closures = [.. Items(fields, "c").Select(Instant)],
            Reopenings = [.. Items(fields, "o").Select(Instant)],
        };
    }

    private static void Append(StringBuilder text, string name, IEnumerable<DateTimeOffset> instants) =>
        text.Append(';').Append(name).Append('=').AppendJoin(',', instants.Select(Ticks));

    private static IEnumerable<string> Items(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.Length > 0 ? value.Split(',') : [];

    private static string Ticks(DateTimeOffset instant) => instant.UtcTicks.ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset Instant(string ticks) => new(long.Parse(ticks, CultureInfo.InvariantCulture), TimeSpan.Zero);
}

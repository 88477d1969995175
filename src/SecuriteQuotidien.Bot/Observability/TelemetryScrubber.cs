using System.Diagnostics;

namespace SecuriteQuotidien.Bot.Observability;

/// <summary>Removes what must not leave the bot in a recorded HTTP span.</summary>
internal static class TelemetryScrubber
{
    // OpenTelemetry semantic conventions.
    internal const string UrlQuery = "url.query";
    internal const string UrlFull = "url.full";

    /// <summary>
    /// Incoming requests: the query string goes. The only one the bot serves is an export link's
    /// <c>exp</c> and <c>sig</c>, and the signature opens the file; the instrumentation's own
    /// redaction keeps the parameter names, this drops the whole query.
    /// </summary>
    public static void ScrubServerSpan(Activity activity) => activity.SetTag(UrlQuery, null);

    /// <summary>Outgoing calls: the URL is kept without its query (SAS tokens, continuation tokens).</summary>
    public static void ScrubClientSpan(Activity activity)
    {
        if (activity.GetTagItem(UrlFull) is string url && WithoutQuery(url) is { } scrubbed)
        {
            activity.SetTag(UrlFull, scrubbed);
        }
    }

    /// <summary>The URL cut before its '?' or '#', or null when it has neither.</summary>
    internal static string? WithoutQuery(string url)
    {
        var cut = url.AsSpan().IndexOfAny('?', '#');
        return cut < 0 ? null : url[..cut];
    }
}

using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.BotFramework.Hosting;

/// <summary>What the per-user limits say about one inbound activity.</summary>
public enum RateVerdict
{
    Allowed,

    /// <summary>Over the limit; the user is told (an invoke always is: its answer is the response).</summary>
    RefusedWithNotice,

    /// <summary>Over the limit, and the user was already told in this window.</summary>
    RefusedSilently,
}

/// <summary>
/// Per-user limits on the inbound path with the framework's rate limiter primitives: fixed windows partitioned by
/// the caller's Entra object id (<c>from.aadObjectId</c>, else <c>from.id</c>), one limiter for messages and one
/// for invokes, plus a one-permit limiter that lets a refused user be told once per window rather than once per
/// refused message. Idle partitions are dropped by the partitioned limiters themselves. Membership events
/// (conversationUpdate, installationUpdate) come from Teams, not from a user's typing, and are never limited.
/// </summary>
public sealed class UserRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _messages;
    private readonly PartitionedRateLimiter<string> _invokes;
    private readonly PartitionedRateLimiter<string> _notices;

    public UserRateLimits(IOptions<BotEndpointOptions> options)
    {
        var value = options.Value;
        Window = value.UserLimitWindow;
        _messages = PerUser(value.UserMessageLimit, Window);
        _invokes = PerUser(value.UserInvokeLimit, Window);
        _notices = PerUser(1, Window);
    }

    public TimeSpan Window { get; }

    /// <summary>Counts the activity against its user's limit.</summary>
    public RateVerdict Check(Activity activity)
    {
        if (activity.Type is ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate)
        {
            return RateVerdict.Allowed;
        }
        var user = KeyOf(activity);
        var limiter = activity.Type == ActivityTypes.Invoke ? _invokes : _messages;
        using (var lease = limiter.AttemptAcquire(user))
        {
            if (lease.IsAcquired)
            {
                return RateVerdict.Allowed;
            }
        }
        if (activity.Type == ActivityTypes.Invoke)
        {
            return RateVerdict.RefusedWithNotice;
        }
        using var notice = _notices.AttemptAcquire(user);
        return notice.IsAcquired ? RateVerdict.RefusedWithNotice : RateVerdict.RefusedSilently;
    }

    /// <summary>The French answer to a refused invoke or message.</summary>
    public string Notice(Activity activity) =>
        activity.Type == ActivityTypes.Invoke
            ? $"Vous envoyez trop de demandes : patientez {Duration(Window)} avant de réessayer."
            : $"Vous m'envoyez trop de messages : je ne traite pas les suivants pendant {Duration(Window)}. Patientez avant de réessayer.";

    public void Dispose()
    {
        _messages.Dispose();
        _invokes.Dispose();
        _notices.Dispose();
    }

    private static string KeyOf(Activity activity) =>
        activity.From?.AadObjectId is { Length: > 0 } objectId ? "aad:" + objectId.ToLowerInvariant()
        : activity.From?.Id is { Length: > 0 } id ? "id:" + id
        : "";

    private static PartitionedRateLimiter<string> PerUser(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetFixedWindowLimiter(user, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>"une minute", "2 minutes", "30 secondes".</summary>
    internal static string Duration(TimeSpan window)
    {
        if (window >= TimeSpan.FromMinutes(1) && window.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            var minutes = (long)window.TotalMinutes;
            return minutes == 1 ? "une minute" : $"{minutes} minutes";
        }
        var seconds = Math.Max(1, (long)Math.Ceiling(window.TotalSeconds));
        return seconds == 1 ? "une seconde" : $"{seconds} secondes";
    }
}

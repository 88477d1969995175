namespace SecuriteQuotidien.Bot.Delivery;

/// <summary>
/// Paces sends per conversation: at most <c>Limit</c> sends in any <c>Window</c> for every rule.
/// It keeps, per conversation, the times of its recent sends (a sliding log) rather than using the
/// fixed or segmented windows of System.Threading.RateLimiting, which let up to twice the limit
/// through across a window boundary, while Teams counts over any window.
/// Slots are reserved: concurrent callers for one conversation get distinct, ordered slots. Retries
/// reserve slots too (<see cref="Reserve"/>), and a 429's Retry-After holds the whole conversation
/// (<see cref="Hold"/>): Teams counts every attempt.
/// </summary>
public sealed class ConversationPacer
{
    private const int PruneThreshold = 1_024;

    private readonly (int Limit, TimeSpan Window)[] _rules;
    private readonly TimeSpan _longestWindow;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, List<DateTimeOffset>> _sends = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _holds = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public ConversationPacer(IEnumerable<PacingRule> rules, TimeSpan margin, TimeProvider time)
    {
        _rules = [.. rules.Select(r => (r.Limit, r.Window + margin))];
        if (_rules.Length == 0 || _rules.Any(r => r.Limit < 1))
        {
            throw new ArgumentException("Pacing needs at least one rule with a positive limit.", nameof(rules));
        }
        _longestWindow = _rules.Max(r => r.Window);
        _time = time;
    }

    /// <summary>
    /// Reserves the earliest slot for a send to <paramref name="conversationId"/> if it is not later
    /// than <paramref name="latest"/>, and returns it (wait until then, then send). Otherwise reserves
    /// nothing and returns false with the earliest slot, for a later attempt.
    /// </summary>
    public bool TryReserve(string conversationId, DateTimeOffset latest, out DateTimeOffset slot)
    {
        lock (_lock)
        {
            slot = EarliestSlot(conversationId, _time.GetUtcNow(), out var log);
            if (slot > latest)
            {
                return false;
            }
            log.Add(slot);
            return true;
        }
    }

    /// <summary>
    /// Reserves the earliest slot for a send to <paramref name="conversationId"/> at or after
    /// <paramref name="notBefore"/> (a retry due then) and returns it.
    /// </summary>
    public DateTimeOffset Reserve(string conversationId, DateTimeOffset notBefore)
    {
        lock (_lock)
        {
            var slot = EarliestSlot(conversationId, notBefore, out var log);
            log.Add(slot);
            return slot;
        }
    }

    /// <summary>
    /// The send reserved at <paramref name="slot"/> actually started at <paramref name="startedAt"/>: a send that
    /// started late (a loaded machine) counts from when it left, so the next slots keep the pace Teams sees.
    /// </summary>
    public void Started(string conversationId, DateTimeOffset slot, DateTimeOffset startedAt)
    {
        if (startedAt <= slot)
        {
            return;
        }
        lock (_lock)
        {
            if (!_sends.TryGetValue(conversationId, out var log))
            {
                return;
            }
            var index = log.LastIndexOf(slot);
            if (index < 0)
            {
                return;
            }
            log.RemoveAt(index);
            // Sorted insertion: later reservations stay after it, and are pushed back by the rules when computed.
            var position = log.FindLastIndex(at => at <= startedAt) + 1;
            log.Insert(position, startedAt);
        }
    }

    /// <summary>
    /// No send to <paramref name="conversationId"/> before <paramref name="until"/> (the connector
    /// throttled it and said when to come back).
    /// </summary>
    public void Hold(string conversationId, DateTimeOffset until)
    {
        lock (_lock)
        {
            _holds[conversationId] = _holds.TryGetValue(conversationId, out var held) && held > until ? held : until;
        }
    }

    // Under the lock. The log stays sorted: slots only move forward, since one conversation's sends
    // are made one after another.
    private DateTimeOffset EarliestSlot(string conversationId, DateTimeOffset notBefore, out List<DateTimeOffset> log)
    {
        var now = _time.GetUtcNow();
        if (!_sends.TryGetValue(conversationId, out log!))
        {
            PruneIdle(now);
            log = [];
            _sends[conversationId] = log;
        }
        log.RemoveAll(at => at <= now - _longestWindow);
        var slot = notBefore > now ? notBefore : now;
        if (_holds.TryGetValue(conversationId, out var held))
        {
            if (held <= now)
            {
                _holds.Remove(conversationId);
            }
            else if (held > slot)
            {
                slot = held;
            }
        }
        if (log.Count > 0 && log[^1] > slot)
        {
            // A slot reserved later than this one: stay after it.
            slot = log[^1];
        }
        foreach (var (limit, window) in _rules)
        {
            // The log is sorted: the send that must leave the window is the limit-th latest one.
            if (log.Count >= limit)
            {
                var leaving = log[^limit] + window;
                if (leaving > slot)
                {
                    slot = leaving;
                }
            }
        }
        return slot;
    }

    // Forgets conversations that have not been sent to for the longest window, when many are known.
    private void PruneIdle(DateTimeOffset now)
    {
        if (_sends.Count < PruneThreshold)
        {
            return;
        }
        foreach (var (key, log) in _sends)
        {
            if (log.Count == 0 || log[^1] <= now - _longestWindow)
            {
                _sends.Remove(key);
            }
        }
    }
}

namespace SecuriteQuotidien.BotFramework.Hosting;

public sealed class BotEndpointOptions
{
    public const string SectionName = "BotFramework:Endpoint";

    /// <summary>
    /// Bodies above this size get 413. Teams activities are far below 256 KiB. At most 512 KiB: an accepted
    /// activity's body is kept in one table entity until it is processed.
    /// </summary>
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Upper bound for an invoke handler; Teams gives up after about 5–15 s.</summary>
    public TimeSpan InvokeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Accepted activities waiting for or in background processing before new ones get 503.</summary>
    public int QueueCapacity { get; set; } = 2000;

    /// <summary>
    /// Accepted activities of one conversation waiting for or in processing before its new ones get 503: a
    /// flooding conversation fills its own share, never the others'.
    /// </summary>
    public int PerConversationCapacity { get; set; } = 32;

    /// <summary>
    /// Turns processed at once (the workers that serve the conversations round-robin, one turn of a conversation
    /// at a time, keeping its order). Turns mostly wait on storage and the connector, so many more than cores pay off.
    /// </summary>
    public int Lanes { get; set; } = 32;

    /// <summary>
    /// How long an accepted activity belongs to the instance that acknowledged it. Past that, if it is still not
    /// processed (the instance stopped, or is far behind), any instance takes it over.
    /// </summary>
    public TimeSpan RecoveryGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often an instance looks for accepted activities whose grace is over (also once at start).</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Takeovers of one activity before it is given up (its turn keeps failing or killing the process).</summary>
    public int MaxRecoveryAttempts { get; set; } = 5;

    /// <summary>
    /// How often the "done" marks of processed activities are written, in batches (one table transaction per
    /// hash bucket and 100 marks): at most 4 requests per interval whatever the load, none when idle. A mark
    /// lost with the process (a turn finished within this interval before a crash) means the activity is
    /// processed again after its grace: handlers are idempotent, but the user may see a reply twice.
    /// </summary>
    public TimeSpan DoneFlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Messages (and other non-invoke activities from a user) one user may send per <see cref="UserLimitWindow"/>.</summary>
    public int UserMessageLimit { get; set; } = 30;

    /// <summary>Invokes (card buttons) one user may send per <see cref="UserLimitWindow"/>.</summary>
    public int UserInvokeLimit { get; set; } = 60;

    /// <summary>The window of the per-user limits (fixed windows per user, keyed by Entra object id).</summary>
    public TimeSpan UserLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Delays between redelivery attempts of a reply whose send failed transiently.</summary>
    public TimeSpan[] ReplyRetryDelays { get; set; } =
        [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];

    /// <summary>Largest accepted <see cref="MaxRequestBytes"/>.</summary>
    public const int MaxStoredBodyBytes = 512 * 1024;
}

namespace SecuriteQuotidien.BotFramework.Hosting;

public sealed class BotEndpointOptions
{
    public const string SectionName = "BotFramework:Endpoint";

    /// <summary>Bodies above this size get 413. Teams activities are far below 256 KiB.</summary>
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Upper bound for an invoke handler; Teams gives up after about 5–15 s.</summary>
    public TimeSpan InvokeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Queued activities waiting for background processing before new ones get 503.</summary>
    public int QueueCapacity { get; set; } = 2000;

    /// <summary>
    /// Background lanes; activities of one conversation always share a lane, keeping their order.
    /// Turns mostly wait on storage and the connector, so many more lanes than cores pay off.
    /// </summary>
    public int Lanes { get; set; } = 32;

    /// <summary>Delays between redelivery attempts of a reply whose send failed transiently.</summary>
    public TimeSpan[] ReplyRetryDelays { get; set; } =
        [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];
}

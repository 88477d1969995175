namespace SecuriteQuotidien.Storage;

/// <summary>Configuration section <c>Storage</c> (plus <c>ConnectionStrings:Tables</c>).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";
    public const string ConnectionStringName = "Tables";

    /// <summary>Azurite's public development account on 127.0.0.1:10002 (not a secret).</summary>
    public const string DevelopmentConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    /// <summary>Prefix of every table name (letters and digits), so tests and environments can share an account.</summary>
    public string TablePrefix { get; set; } = "sq";

    /// <summary>Production: the table endpoint (https://account.table.core.windows.net), reached with managed identity.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// Issue numbers an instance reserves at once with one write of the counter row (default 20); numbers of
    /// a block not used before a restart are skipped (see docs/storage.md, "Issue numbers").
    /// </summary>
    public int IssueNumberBlockSize { get; set; } = 20;

    /// <summary>How long a processed activity id is remembered (Teams redeliveries come within minutes).</summary>
    public TimeSpan ProcessedActivityRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long an instance reuses a sector channel's conversation reference before reading it again (default 5
    /// minutes; zero turns the cache off). A reference saved by this instance replaces the cached one at once.
    /// </summary>
    public TimeSpan ChannelReferenceCacheDuration { get; set; } = TimeSpan.FromMinutes(5);
}

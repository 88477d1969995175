using Xunit;

namespace SecuriteQuotidien.Testing;

/// <summary>
/// A real Azurite Table endpoint for a test class or collection. When SQ_TABLES_CONNECTION is set
/// (the test script may share one Azurite), that endpoint is used; otherwise an in-memory Azurite is
/// started on a free loopback port and stopped at the end.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account (public, documented key).</summary>
    public const string DevAccountName = "devstoreaccount1";
    public const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private ChildProcess? _azurite;

    public int Port { get; private set; }
    public string ConnectionString { get; private set; } = "";

    public static string ConnectionStringFor(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName={DevAccountName};AccountKey={DevAccountKey};TableEndpoint=http://127.0.0.1:{port}/{DevAccountName};";

    public async Task InitializeAsync()
    {
        var shared = Environment.GetEnvironmentVariable("SQ_TABLES_CONNECTION");
        if (!string.IsNullOrWhiteSpace(shared))
        {
            ConnectionString = shared;
            return;
        }
        Port = FreePort.Next();
        _azurite = StartAzurite(Port);
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(90), () => _azurite.Output);
        ConnectionString = ConnectionStringFor(Port);
    }

    /// <summary>Starts an in-memory azurite-table on 127.0.0.1:port (used also to restart it in fault tests).</summary>
    public static ChildProcess StartAzurite(int port) =>
        ChildProcess.Start(RepoPaths.NodeBin("azurite-table"),
        [
            "--tableHost", "127.0.0.1",
            "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--inMemoryPersistence",
            "--skipApiVersionCheck",
            "--disableProductStyleUrl",
        ]);

    /// <summary>Stops this fixture's Azurite (for fault tests); <see cref="RestartAsync"/> brings it back empty.</summary>
    public void Stop() => _azurite?.Kill();

    public async Task RestartAsync()
    {
        if (Port == 0)
        {
            throw new InvalidOperationException("The shared Azurite cannot be restarted by a test.");
        }
        _azurite?.Kill();
        _azurite = StartAzurite(Port);
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(90), () => _azurite.Output);
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

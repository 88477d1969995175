using System.Globalization;
using System.Text.RegularExpressions;

namespace SecuriteQuotidien.Testing.Playground;

/// <summary>
/// A running Microsoft 365 Agents Playground (npm @microsoft/m365agentsplayground, a Teams emulator)
/// bound to 127.0.0.1, posting activities to one bot endpoint with the mock tenant of one config
/// file. It sends no Authorization header, so the bot must run without an app id. Killed on dispose.
/// </summary>
public sealed partial class PlaygroundHost : IAsyncDisposable
{
    /// <summary>The Hautes-Alpes demo tenant, current user Camille Roux (partner).</summary>
    public const string HautesAlpesConfig = "scripts/playground/hautes-alpes.yml";

    /// <summary>Same tenant, current user Lieutenant Julien Arnaud (referent of Gap hyper-centre).</summary>
    public const string HautesAlpesReferentConfig = "scripts/playground/hautes-alpes-referent.yml";

    /// <summary>Same tenant, current user Commissaire Hélène Faure.</summary>
    public const string HautesAlpesCommissaireConfig = "scripts/playground/hautes-alpes-commissaire.yml";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _process;
    private readonly string _workDirectory;

    private PlaygroundHost(ChildProcess process, string workDirectory, int port)
    {
        _process = process;
        _workDirectory = workDirectory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Where the playground's own API and web page answer (http://127.0.0.1:port/).</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>
    /// The serviceUrl the playground puts in every activity: host "localhost", no trailing slash.
    /// </summary>
    public string ServiceUrl => $"http://localhost:{Port.ToString(CultureInfo.InvariantCulture)}/_connector";

    /// <summary>What the playground printed (for failure messages).</summary>
    public string Output => _process.Output;

    /// <summary>
    /// Starts the playground for <paramref name="botEndpoint"/> (e.g. http://127.0.0.1:5000/api/messages)
    /// with <paramref name="configFile"/> (absolute, or relative to the repository root) and waits
    /// until its API answers.
    /// </summary>
    public static async Task<PlaygroundHost> StartAsync(string botEndpoint, string configFile = HautesAlpesConfig, CancellationToken cancellationToken = default)
    {
        var configPath = Path.IsPathRooted(configFile) ? configFile : RepoPaths.Combine(configFile);
        if (!File.Exists(configPath))
        {
            throw new FileNotFoundException("Playground config file not found.", configPath);
        }
        var cli = RepoPaths.Combine("node_modules", "@microsoft", "m365agentsplayground", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"{cli} is missing: run 'npm ci' at the repository root.");
        }

        // Its log file and any recording go to a private folder, not into the repository.
        var workDirectory = Directory.CreateTempSubdirectory("sq-playground-").FullName;
        var requestedPort = FreePort.Next();
        var process = ChildProcess.Start(
            "node",
            ["-r", RepoPaths.Combine("scripts", "playground", "bind-loopback.js"), cli, "start", "--disable-telemetry"],
            new Dictionary<string, string?>
            {
                ["TEAMSAPPTESTER_BROWSER"] = "none",
                ["TEAMSAPPTESTER_PORT"] = requestedPort.ToString(CultureInfo.InvariantCulture),
                ["BOT_ENDPOINT"] = botEndpoint,
                ["M365_AGENTS_PLAYGROUND_CONFIG_PATH"] = configPath,
                ["M365_AGENTS_PLAYGROUND_LOGFILE"] = Path.Combine(workDirectory, "playground.log"),
                ["M365_AGENTS_PLAYGROUND_RECORDING_FILE"] = Path.Combine(workDirectory, "recording.json"),
            },
            workDirectory);
        try
        {
            // The playground picks another port when the requested one was taken meanwhile, and
            // prints the one it uses.
            var port = await WaitForListeningPortAsync(process, cancellationToken);
            var host = new PlaygroundHost(process, workDirectory, port);
            await host.WaitUntilAnsweringAsync(cancellationToken);
            return host;
        }
        catch
        {
            await process.DisposeAsync();
            TryDeleteDirectory(workDirectory);
            throw;
        }
    }

    /// <summary>Connects a driver to this playground (WebSocket first, then its mock tenant).</summary>
    public Task<PlaygroundClient> ConnectAsync(CancellationToken cancellationToken = default) =>
        PlaygroundClient.ConnectAsync(BaseUrl, cancellationToken);

    private static async Task<int> WaitForListeningPortAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        var port = 0;
        await PollAsync(
            _ =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException("The Agents Playground exited at start: " + process.Output);
                }
                var match = ListeningLine().Match(process.Output);
                port = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
                return Task.FromResult(match.Success);
            },
            () => "The Agents Playground did not print its port: " + process.Output,
            cancellationToken);
        return port;
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        await PollAsync(
            async token =>
            {
                try
                {
                    using var response = await http.GetAsync(new Uri("_debug/ping", UriKind.Relative), token);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                // One ping outlasting its own timeout on a loaded machine is not a failure: the overall start timeout decides.
                catch (TaskCanceledException) when (!token.IsCancellationRequested)
                {
                    return false;
                }
            },
            () => $"The Agents Playground on port {Port} does not answer: {Output}",
            cancellationToken);
    }

    /// <summary>Retries <paramref name="attempt"/> every 100 ms until it succeeds or <see cref="StartTimeout"/> passes.</summary>
    private static async Task PollAsync(Func<CancellationToken, Task<bool>> attempt, Func<string> describeFailure, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            while (!await attempt(timeout.Token))
            {
                await Task.Delay(100, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"After {StartTimeout}: {describeFailure()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        TryDeleteDirectory(_workDirectory);
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"Listening on (\d+)")]
    private static partial Regex ListeningLine();
}

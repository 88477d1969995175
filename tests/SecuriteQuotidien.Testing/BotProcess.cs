using System.Globalization;

namespace SecuriteQuotidien.Testing;

/// <summary>
/// The real bot (src/SecuriteQuotidien.Bot, built dll) running as a separate process on
/// 127.0.0.1, in Development without an app id (anonymous, as the Agents Playground needs), over
/// the tables of a given Azurite and prefix, with the Hautes-Alpes department. It can be killed
/// (SIGKILL, no graceful shutdown) and started again on the same port and tables.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const string StartAtVariable = "DevClock__StartAt";

    private readonly Dictionary<string, string?> _environment;
    private ChildProcess? _process;
    private string _previousOutput = "";

    private BotProcess(int port, string tablePrefix, Dictionary<string, string?> environment)
    {
        Port = port;
        TablePrefix = tablePrefix;
        _environment = environment;
    }

    public int Port { get; }

    public string TablePrefix { get; }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>The messaging endpoint to give the playground (BOT_ENDPOINT).</summary>
    public string MessagesEndpoint => new Uri(BaseUrl, "api/messages").ToString();

    /// <summary>True while the current process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What every run of the bot printed so far (for failure messages).</summary>
    public string Output => _previousOutput + (_process?.Output ?? "");

    /// <summary>
    /// The bot's dll for the configuration the tests were built with (bin/Debug or bin/Release in
    /// the test assembly's path), e.g. src/SecuriteQuotidien.Bot/bin/Debug/net10.0/SecuriteQuotidien.Bot.dll.
    /// </summary>
    public static string LocateBotDll()
    {
        var segments = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(segments, "bin");
        if (bin < 0 || bin + 2 >= segments.Length)
        {
            throw new InvalidOperationException($"Cannot tell the build configuration from the test path {AppContext.BaseDirectory} (expected .../bin/<Configuration>/<framework>/).");
        }
        var dll = RepoPaths.Combine("src", "SecuriteQuotidien.Bot", "bin", segments[bin + 1], segments[bin + 2], "SecuriteQuotidien.Bot.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The bot is not built: {dll} is missing. Build src/SecuriteQuotidien.Bot in the tests' configuration ({segments[bin + 1]}).", dll);
        }
        return dll;
    }

    /// <summary>
    /// Starts the bot on a free loopback port (or <paramref name="port"/>) over
    /// <paramref name="tablesConnection"/> with <paramref name="tablePrefix"/>, and waits until
    /// GET /healthz answers. <paramref name="settings"/> are extra configuration keys ("Delivery:PollInterval").
    /// </summary>
    public static async Task<BotProcess> StartAsync(string tablesConnection, string tablePrefix, int? port = null,
        IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            // No identity: the anonymous mode the playground needs (it sends no token).
            ["MicrosoftAppId"] = "",
            ["BotFramework__MicrosoftAppId"] = "",
            ["ConnectionStrings__Tables"] = tablesConnection,
            ["Storage__TablePrefix"] = tablePrefix,
            ["Directory__Path"] = RepoPaths.Combine("departments", "hautes-alpes.json"),
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            // Periodic work no end-to-end test is about by default (a test's settings turn it back on).
            ["Digest__Enabled"] = "false",
            // The reminder loop too: a move of the dev clock sweeps by hand, so each move counts what became due.
            ["Reminders__Enabled"] = "false",
            ["Retention__WorkerEnabled"] = "false",
            ["Diagnostics__SweepEnabled"] = "false",
            ["Status__TotalsWorkerEnabled"] = "false",
            // Generous: a loaded CI machine must not turn a slow answer into an error card (timeouts have their own tests).
            ["BotFramework__Endpoint__InvokeTimeout"] = "00:00:30",
            // One test user clicks far more than a person: the per-user limits have their own tests.
            ["BotFramework__Endpoint__UserMessageLimit"] = "100000",
            ["BotFramework__Endpoint__UserInvokeLimit"] = "100000",
            ["Intake__DailyReportQuota"] = "100000",
            ["Delivery__CheckChannelsAtStart"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var bot = new BotProcess(port ?? FreePort.Next(), tablePrefix, environment);
        await bot.StartAgainAsync(cancellationToken);
        return bot;
    }

    /// <summary>Kills the process at once (SIGKILL): no graceful shutdown, as a crash or a host recycle.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }
        _process.Kill();
        _previousOutput += _process.Output + "----- killed -----" + Environment.NewLine;
        await _process.DisposeAsync();
        _process = null;
    }

    /// <summary>Starts the bot again (after <see cref="KillAsync"/>) on the same port, tables and settings.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The bot is already running.");
        }
        var dll = LocateBotDll();
        // The bot's clock reads what the test process's clock reads (never the real date), restarts included.
        var environment = new Dictionary<string, string?>(_environment);
        environment.TryAdd(StartAtVariable, TestClock.Default().GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        // From its own folder, as when deployed: the content root holds its appsettings.json.
        _process = ChildProcess.Start(
            "dotnet",
            [dll, "--urls", BaseUrl.ToString().TrimEnd('/')],
            environment,
            Path.GetDirectoryName(dll));
        try
        {
            await WaitUntilHealthyAsync(cancellationToken);
        }
        catch
        {
            await KillAsync();
            throw;
        }
    }

    /// <summary>Kills the process and starts it again on the same port and tables.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await KillAsync();
        await StartAgainAsync(cancellationToken);
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            while (true)
            {
                if (_process is not { HasExited: false })
                {
                    throw new InvalidOperationException("The bot exited at start:" + Environment.NewLine + Output);
                }
                try
                {
                    using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative), timeout.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !timeout.IsCancellationRequested))
                {
                    // Not listening yet, or too busy starting to answer within the request timeout.
                }
                await Task.Delay(100, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The bot did not answer GET /healthz on {BaseUrl} within {StartTimeout}:{Environment.NewLine}{Output}");
        }
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}

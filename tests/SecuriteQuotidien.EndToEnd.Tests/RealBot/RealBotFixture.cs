using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Playground;

namespace SecuriteQuotidien.EndToEnd.Tests.RealBot;

/// <summary>
/// For one test class: an Azurite, the real bot process on its own table prefix, and a real
/// Agents Playground (Hautes-Alpes tenant, played as Camille Roux) posting to that bot.
/// </summary>
public class RealBotFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private readonly List<IAsyncDisposable> _owned = [];
    private ServiceProvider? _productServices;

    public string TablePrefix { get; } = "e2e" + Guid.NewGuid().ToString("N")[..10];

    public string TablesConnection => _azurite.ConnectionString;

    public BotProcess Bot { get; private set; } = null!;
    public PlaygroundHost Playground { get; private set; } = null!;
    public PlaygroundClient Client { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        Bot = await StartBotAsync();
        (Playground, Client) = await StartPlaygroundAsync(Bot);
    }

    /// <summary>
    /// Runs a test body; when it fails, the exception carries what the bot processes printed (their
    /// logs name the cause of an error card or of a missing message).
    /// </summary>
    public async Task ExplainingFailuresAsync(Func<Task> test)
    {
        ArgumentNullException.ThrowIfNull(test);
        try
        {
            await test();
        }
        catch (Exception e) when (e is not BotOutputException)
        {
            var logs = string.Join(Environment.NewLine, _owned.OfType<BotProcess>().Select(b => $"===== bot on port {b.Port} =====" + Environment.NewLine + Tail(b.Output)));
            throw new BotOutputException(e.Message + Environment.NewLine + logs, e);
        }
    }

    private static string Tail(string text, int maxChars = 20_000) => text.Length <= maxChars ? text : "…" + text[^maxChars..];

    /// <summary>Extra configuration keys of the bot processes this fixture starts (none by default).</summary>
    protected virtual IReadOnlyDictionary<string, string?>? BotSettings => null;

    /// <summary>Another bot process over the same tables (a second instance of the service).</summary>
    public async Task<BotProcess> StartBotAsync()
    {
        var bot = await BotProcess.StartAsync(TablesConnection, TablePrefix, settings: BotSettings);
        _owned.Add(bot);
        return bot;
    }

    /// <summary>A playground (and its connected client) posting to <paramref name="bot"/>.</summary>
    public async Task<(PlaygroundHost Host, PlaygroundClient Client)> StartPlaygroundAsync(BotProcess bot)
    {
        var host = await PlaygroundHost.StartAsync(bot.MessagesEndpoint, PlaygroundHost.HautesAlpesConfig);
        _owned.Add(host);
        var client = await host.ConnectAsync();
        _owned.Add(client);
        return (host, client);
    }

    /// <summary>
    /// The product's own <see cref="IProactiveSender"/> over the bot's tables, in the test process: what
    /// it enqueues is sent by the dispatcher of a running bot process (no dispatcher runs here).
    /// </summary>
    public IProactiveSender ProactiveSender()
    {
        if (_productServices is null)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Tables"] = TablesConnection,
                ["Storage:TablePrefix"] = TablePrefix,
            }).Build();
            var services = new ServiceCollection().AddLogging();
            // The product's services in the test process read the clock the bot process reads.
            services.AddSingleton<TimeProvider>(TestClock.Default());
            services.AddTableStorage(configuration);
            services.AddDelivery(configuration);
            _productServices = services.BuildServiceProvider();
        }
        return _productServices.GetRequiredService<IProactiveSender>();
    }

    public virtual async Task DisposeAsync()
    {
        // Clients before hosts before bots: the reverse of the start order.
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
        if (_productServices is not null)
        {
            await _productServices.DisposeAsync();
        }
        await _azurite.DisposeAsync();
    }
}

/// <summary>A test failure with the bot processes' output attached.</summary>
public sealed class BotOutputException(string message, Exception inner) : Exception(message, inner);

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests;

/// <summary>
/// The bot host in process (Development, no app id, so anonymous) over a real Azurite, with its own
/// table prefix, replying over real HTTP to a <see cref="ConnectorStandIn"/>.
/// </summary>
public sealed class BotApp : WebApplicationFactory<Program>
{
    private readonly string _tablesConnection;
    private readonly Dictionary<string, string?> _settings;

    public BotApp(AzuriteFixture azurite, IDictionary<string, string?>? settings = null)
    {
        _tablesConnection = azurite.ConnectionString;
        TablePrefix = "t" + Guid.NewGuid().ToString("N")[..10];
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Tables"] = _tablesConnection,
            ["Storage:TablePrefix"] = TablePrefix,
            ["Directory:Path"] = RepoPaths.Combine("departments", "hautes-alpes.json"),
            ["BotFramework:Endpoint:ReplyRetryDelays:0"] = "00:00:00.200",
            ["BotFramework:Endpoint:ReplyRetryDelays:1"] = "00:00:00.500",
            ["BotFramework:Endpoint:MaxRequestBytes"] = "65536",
            // Background reads the tests do not expect; the warmer's own tests turn it on.
            ["Status:WarmCache"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string TablePrefix { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
    }
}

using SecuriteQuotidien.Testing.Playground;

namespace SecuriteQuotidien.EndToEnd.Tests.Playground;

/// <summary>One echo bot and one Agents Playground (Hautes-Alpes tenant) shared by a test class.</summary>
public sealed class EchoBotPlaygroundFixture : IAsyncLifetime
{
    private EchoBot? _bot;
    private PlaygroundHost? _host;
    private PlaygroundClient? _client;

    internal EchoBot Bot => _bot ?? throw new InvalidOperationException("Not started.");
    public PlaygroundHost Host => _host ?? throw new InvalidOperationException("Not started.");
    public PlaygroundClient Client => _client ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _bot = await EchoBot.StartAsync();
        _host = await PlaygroundHost.StartAsync(_bot.Endpoint, PlaygroundHost.HautesAlpesConfig);
        _client = await _host.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }
    }
}

using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Playground;

namespace SecuriteQuotidien.EndToEnd.Tests.RealBot;

/// <summary>
/// Two instances of the service over one Azurite and one table prefix, each with its own
/// playground: <see cref="RealBotFixture.Client"/> talks to <see cref="RealBotFixture.Bot"/>,
/// <see cref="ClientB"/> to <see cref="BotB"/>. Both playgrounds play the same tenant and user.
/// </summary>
public sealed class TwoBotsFixture : RealBotFixture
{
    public BotProcess BotB { get; private set; } = null!;
    public PlaygroundHost PlaygroundB { get; private set; } = null!;
    public PlaygroundClient ClientB { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        BotB = await StartBotAsync();
        (PlaygroundB, ClientB) = await StartPlaygroundAsync(BotB);
    }
}

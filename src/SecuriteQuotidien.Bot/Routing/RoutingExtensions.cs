using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.BotFramework.Hosting;

namespace SecuriteQuotidien.Bot.Routing;

public static class RoutingExtensions
{
    /// <summary>The activity dispatcher and the command table; features add their handlers.</summary>
    public static IServiceCollection AddTeamsBot(this IServiceCollection services)
    {
        services.AddSingleton(_ => CommandTable.LoadEmbedded());
        services.AddSingleton<IUserResolver, DirectoryUserResolver>();
        services.AddSingleton<RecentConversations>();
        services.AddScoped<IBotHandler, TeamsBotHandler>();
        return services;
    }

    /// <summary>
    /// Fails at start when a command of commands.json has no handler or two handlers: the Teams
    /// manifest is generated from that table, so every listed command must work.
    /// </summary>
    public static void EnsureEveryCommandIsHandled(this IServiceProvider services)
    {
        var table = services.GetRequiredService<CommandTable>();
        using var scope = services.CreateScope();
        var handled = scope.ServiceProvider.GetServices<ICommandHandler>().GroupBy(h => h.CommandId).ToDictionary(g => g.Key, g => g.Count());
        foreach (var command in table.Commands)
        {
            if (!handled.TryGetValue(command.Id, out var count) || count != 1)
            {
                throw new InvalidOperationException($"The command '{command.Id}' of commands.json has {count} handler(s); exactly one is required.");
            }
        }
    }
}

using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.BotFramework.Hosting;

namespace SecuriteQuotidien.Bot.Turns;

public static class TurnKernelServiceCollectionExtensions
{
    /// <summary>The turn kernel, the action table and the user resolver; features declare their actions with <c>AddActions</c>.</summary>
    public static IServiceCollection AddTurnKernel(this IServiceCollection services)
    {
        services.AddSingleton(_ => CommandTable.LoadEmbedded());
        services.AddSingleton<ActionTable>();
        services.AddSingleton<IUserResolver, DirectoryUserResolver>();
        services.AddSingleton<PlayedPeople>();
        services.AddSingleton<RecentConversations>();
        services.AddSingleton<RefusalWriter>();
        services.AddScoped<ActionTargetReader>();
        services.AddScoped<IBotHandler, TurnKernel>();
        return services;
    }

    /// <summary>
    /// Fails at start when the action table is not whole: a verb or command declared twice, a command of
    /// commands.json (the Teams manifest's source) without declaration or one declared but not listed, an
    /// event the kernel needs without its handler, or a handler that cannot be built.
    /// </summary>
    public static void EnsureActionTableIsWhole(this IServiceProvider services)
    {
        var table = services.GetRequiredService<ActionTable>();
        foreach (var required in new[] { KernelEvents.Installed, KernelEvents.NotUnderstood })
        {
            if (table.FindEvent(required) is null)
            {
                throw new InvalidOperationException($"The kernel event '{required}' has no declaration.");
            }
        }
        using var scope = services.CreateScope();
        foreach (var declaration in table.Declarations)
        {
            _ = scope.ServiceProvider.GetRequiredService(declaration.HandlerType);
        }
    }
}

using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.Bot.DemoRoles;
using SecuriteQuotidien.Bot.Turns;

// In the DI namespace so that Program.cs finds AddDemoRoles and MapDemoRoles without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static partial class DemoRolesExtensions
{
    public const string Route = "/_dev/as";

    public const string NotLocal = "Le changement de rôle ne répond qu'aux requêtes faites depuis cette machine.";

    /// <summary>« Jouer le rôle de… » (the card's two verbs, for anyone: the handler refuses them outside the local demo).</summary>
    public static IServiceCollection AddDemoRoles(this IServiceCollection services)
    {
        const string play = "changer de rôle (démonstration locale)";
        return services.AddActions<DemoRolesFeature>(
            ActionDeclaration.Verb<DemoRolesFeature>(ActionIds.Demo.Roles, Audience.Anyone, TargetKind.None, play),
            ActionDeclaration.Verb<DemoRolesFeature>(ActionIds.Demo.Play, Audience.Anyone, TargetKind.None, play));
    }

    /// <summary>
    /// <c>GET /_dev/as</c> (the directory's people and the switches in force) and <c>POST /_dev/as</c>
    /// (<c>{"person":"Julien Arnaud"}</c>: an object id or a part of a name only one person has; <c>"user"</c>, a Teams
    /// user id, limits the switch to that user, else it applies to every user and replaces their own switches;
    /// <c>{"person":null}</c> ends it, without <c>"user"</c> every switch). Mapped
    /// only where <see cref="PlayedPeople.IsAvailable"/> (the local anonymous mode; elsewhere 404), and served only to a loopback address (else 403).
    /// </summary>
    public static WebApplication MapDemoRoles(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Services.GetRequiredService<PlayedPeople>().IsAvailable)
        {
            return app;
        }
        LogEnabled(app.Logger, Route);
        var routes = app.MapLocalOnlyGroup(Route, NotLocal, LogNotLocal);
        routes.MapGet("", (PlayedPeople played) => Results.Ok(StateOf(played)));
        routes.MapPost("", (DemoAsRequest request, PlayedPeople played) =>
        {
            if (string.IsNullOrWhiteSpace(request.Person))
            {
                played.Stop(request.User);
                return Results.Ok(StateOf(played));
            }
            var (_, refusal) = played.Play(request.User, request.Person);
            return refusal is null ? Results.Ok(StateOf(played)) : Results.BadRequest(new { error = refusal });
        });
        return app;
    }

    private static DemoAsState StateOf(PlayedPeople played) => new(
        played.People,
        played.Switches.Select(s => new DemoAsSwitch(s.Key.Length == 0 ? null : s.Key, s.Value)).ToList());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local demo: POST {Route} lets the person at the keyboard play anyone of the directory (local anonymous run only)")]
    private static partial void LogEnabled(ILogger logger, string route);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local demo: role switch refused, the request does not come from a loopback address")]
    private static partial void LogNotLocal(ILogger logger);
}

using SecuriteQuotidien.BotFramework.Configuration;

namespace SecuriteQuotidien.Bot.Hosting;

/// <summary>Development routes of the local anonymous run (the dev clock, the role switch): this machine only.</summary>
public static class LocalOnlyRoutes
{
    /// <summary>
    /// A route group served only to requests from a loopback address (<see cref="LocalMode.IsLocalRequest"/>); any
    /// other gets 403 with <paramref name="notLocal"/> as its French <c>error</c>, and <paramref name="logRefused"/> runs.
    /// </summary>
    public static RouteGroupBuilder MapLocalOnlyGroup(this WebApplication app, string route, string notLocal, Action<ILogger> logRefused)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(logRefused);
        var group = app.MapGroup(route);
        group.AddEndpointFilter(async (context, next) =>
        {
            if (LocalMode.IsLocalRequest(context.HttpContext.Connection))
            {
                return await next(context);
            }
            logRefused(app.Logger);
            return Results.Json(new { error = notLocal }, statusCode: StatusCodes.Status403Forbidden);
        });
        return group;
    }
}

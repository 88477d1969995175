using System.Globalization;
using System.Xml;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.DevClock;
using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.BotFramework.Configuration;
using SecuriteQuotidien.Domain.Calendar;

// In the DI namespace so that Program.cs finds AddDevClock and MapDevClock without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static partial class DevClockExtensions
{
    public const string Route = "/_dev/clock";

    /// <summary>Optional instant the development clock starts at (a demo or end-to-end test independent of the real date).</summary>
    public const string StartAtKey = "DevClock:StartAt";

    public const string NeverBackward = "L'horloge de développement ne recule jamais : il est déjà {0}.";
    public const string OneOfAdvanceOrTo =
        "Indiquez soit « advance » (une durée ISO 8601, ex. P15D ou PT2H), soit « to » (une date et heure, ex. 2026-12-14T08:30:00+01:00).";
    public const string BadDuration = "Durée invalide : « {0} ». Exemples : P1D, P15D, PT2H30M.";
    public const string NotLocal = "L'horloge de développement ne répond qu'aux requêtes faites depuis cette machine.";
    public const string BadInstant = "Date et heure invalides : « {0} ». Exemple : 2026-12-14T08:30:00+01:00 (sans fuseau, UTC).";

    /// <summary>
    /// In a local anonymous run only (<see cref="LocalMode.IsEnabled"/>: Development, no <c>MicrosoftAppId</c>, not on
    /// App Service; the same rule as the authenticator's anonymous mode), the application's <see cref="TimeProvider"/> becomes a
    /// <see cref="DevelopmentClock"/> that <see cref="MapDevClock"/> lets move forward. Everywhere else the
    /// system clock stays. A clock registered explicitly before (a test's fake) is left alone.
    /// </summary>
    public static IServiceCollection AddDevClock(this IServiceCollection services)
    {
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider));
        if (existing is not null && !ReferenceEquals(existing.ImplementationInstance, TimeProvider.System))
        {
            return services;
        }
        services.TryAddSingleton(provider =>
            provider.GetRequiredService<IConfiguration>().GetValue<DateTimeOffset?>(StartAtKey) is { } startAt
                ? new DevelopmentClock(TimeProvider.System, startAt)
                : new DevelopmentClock());
        services.RemoveAll<TimeProvider>();
        services.AddSingleton(provider => IsLocalAnonymousRun(provider) ? provider.GetRequiredService<DevelopmentClock>() : TimeProvider.System);
        return services;
    }

    private static bool IsLocalAnonymousRun(IServiceProvider provider) => provider.GetRequiredService<LocalMode>().IsEnabled;

    /// <summary>
    /// <c>GET /_dev/clock</c> (now) and <c>POST /_dev/clock</c> (<c>{"advance":"P15D"}</c> or
    /// <c>{"to":"2026-12-14T08:30:00+01:00"}</c>; never backward). After a move, the features' catch-ups (one reminder
    /// sweep, one digest sweep) run at the new instant and the outbox dispatcher is woken, so what became due is
    /// sent at once (reminders, the follow-up question). Mapped only when the clock in use is the
    /// <see cref="DevelopmentClock"/>: elsewhere the route does not exist (404). Even then, only a request from a
    /// loopback address is served (<see cref="LocalMode.IsLocalRequest"/>); any other gets 403 and a French message.
    /// </summary>
    public static WebApplication MapDevClock(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<TimeProvider>() is not DevelopmentClock)
        {
            return app;
        }
        LogEnabled(app.Logger, Route);
        var clockRoutes = app.MapLocalOnlyGroup(Route, NotLocal, LogNotLocal);
        clockRoutes.MapGet("", (DevelopmentClock clock) => Results.Ok(StateOf(clock)));
        clockRoutes.MapPost("", MoveAsync);
        return app;
    }

    private static async Task<IResult> MoveAsync(DevClockMove move, DevelopmentClock clock, IServiceProvider services, CancellationToken cancellationToken)
    {
        var hasAdvance = !string.IsNullOrWhiteSpace(move.Advance);
        if (hasAdvance == !string.IsNullOrWhiteSpace(move.To))
        {
            return Refuse(OneOfAdvanceOrTo);
        }
        if (hasAdvance)
        {
            TimeSpan duration;
            try
            {
                duration = XmlConvert.ToTimeSpan(move.Advance!.Trim());
            }
            catch (FormatException)
            {
                return Refuse(string.Format(CultureInfo.InvariantCulture, BadDuration, move.Advance));
            }
            if (duration < TimeSpan.Zero)
            {
                return Refuse(string.Format(CultureInfo.InvariantCulture, NeverBackward, Paris(clock.GetUtcNow())));
            }
            clock.Advance(duration);
        }
        else
        {
            if (!DateTimeOffset.TryParse(move.To, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var target))
            {
                return Refuse(string.Format(CultureInfo.InvariantCulture, BadInstant, move.To));
            }
            if (!clock.TryAdvanceTo(target, out var now))
            {
                return Refuse(string.Format(CultureInfo.InvariantCulture, NeverBackward, Paris(now)));
            }
        }
        var (reminders, digest) = await CatchUpAsync(services, cancellationToken);
        return Results.Ok(StateOf(clock) with { RemindersEnqueued = reminders, DigestMessages = digest });
    }

    /// <summary>What periodic work would do at its next tick, done now (the features' <see cref="IClockCatchUp"/>, in order).</summary>
    private static async Task<(int Reminders, int Digest)> CatchUpAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var enqueued = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var catchUp in services.GetServices<IClockCatchUp>())
        {
            enqueued[catchUp.Name] = enqueued.GetValueOrDefault(catchUp.Name) + await catchUp.CatchUpAsync(cancellationToken);
        }
        // Messages enqueued earlier with a later NotBefore (the follow-up question) are due now.
        services.GetRequiredService<OutboxSignal>().Notify();
        return (enqueued.GetValueOrDefault(ClockCatchUps.Reminders), enqueued.GetValueOrDefault(ClockCatchUps.Digest));
    }

    private static DevClockState StateOf(DevelopmentClock clock)
    {
        var now = clock.GetUtcNow();
        return new DevClockState(now, Paris(now), clock.Offset);
    }

    private static DateTimeOffset Paris(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, ParisTime.Zone);

    private static IResult Refuse(string message) => Results.BadRequest(new { error = message });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development clock: POST {Route} moves this bot's time forward (local anonymous run only)")]
    private static partial void LogEnabled(ILogger logger, string route);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development clock: request refused, it does not come from a loopback address")]
    private static partial void LogNotLocal(ILogger logger);
}

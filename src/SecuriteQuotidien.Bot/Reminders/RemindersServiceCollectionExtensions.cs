using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.Bot.Reminders;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Reminders;

// In the DI namespace so that Program.cs finds AddReminders without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class RemindersServiceCollectionExtensions
{
    /// <summary>
    /// Reminders ("relances"): <see cref="ReminderScheduleOptions"/> and <see cref="ReminderWorkerOptions"/>
    /// (section <c>Reminders</c>, validated at start), the planner on the French working calendar, the
    /// clock mapper, <see cref="IReminderScheduler"/>, the sweep and the <see cref="ReminderWorker"/>
    /// hosted service (also resolvable as itself, to run one sweep by hand, as the development clock does through <see cref="IClockCatchUp"/>).
    /// Needs <c>AddTableStorage</c>, <c>AddDepartmentDirectory</c> and <c>AddDelivery</c>.
    /// </summary>
    public static IServiceCollection AddReminders(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ReminderScheduleOptions.SectionName);
        services.AddOptions<ReminderScheduleOptions>()
            .Bind(section)
            .Validate(o =>
            {
                try
                {
                    o.Validate();
                    return true;
                }
                catch (ArgumentOutOfRangeException)
                {
                    return false;
                }
            }, "Reminders: OverdueRepeatDays and HorizonDays must be at least 1, UpcomingPercentages between 1 and 99.")
            .ValidateOnStart();
        services.AddOptions<ReminderWorkerOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
            new ReminderPlanner(provider.GetRequiredService<IOptions<ReminderScheduleOptions>>().Value, FrenchWorkingCalendar.Default));
        services.TryAddSingleton<ResponseClockMapper>();
        services.TryAddSingleton<ReminderScheduler>();
        services.TryAddSingleton<IReminderScheduler>(provider => provider.GetRequiredService<ReminderScheduler>());
        services.TryAddSingleton<SecuriteQuotidien.Storage.Issues.DueDaySweepMarker>();
        services.TryAddSingleton<ReminderSweep>();
        services.AddLeasedWorker<ReminderWorker>();
        // After the development clock moved: one sweep at the new instant, by hand, whether the hosted loop runs or not
        // (a run whose loop is off, as the end-to-end tests, sweeps only here).
        services.AddClockCatchUp(ClockCatchUps.Reminders, async (provider, cancellationToken) =>
            (await provider.GetRequiredService<ReminderWorker>().RunOnceAsync(cancellationToken)).Enqueued.Count);
        return services;
    }
}

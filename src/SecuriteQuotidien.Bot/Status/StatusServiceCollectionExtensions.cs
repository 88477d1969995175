using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.Bot.Status;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;

// In the DI namespace so that Program.cs finds AddStatus without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class StatusServiceCollectionExtensions
{
    /// <summary>
    /// The status commands (`point`, `en retard`, `échéances`: <see cref="StatusOptions"/>, section <c>Status</c>) over the
    /// running totals, their background work (<see cref="StatusTotalsWorker"/>, <c>Status:TotalsWorkerEnabled</c>), and the
    /// weekly digest (<see cref="DigestOptions"/>, section <c>Digest</c>, a hosted service).
    /// Needs <c>AddTableStorage</c>, <c>AddDepartmentDirectory</c>, <c>AddTeamsBot</c> and <c>AddDelivery</c>.
    /// </summary>
    public static IServiceCollection AddStatus(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StatusOptions>().Bind(configuration.GetSection(StatusOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DigestOptions>().Bind(configuration.GetSection(DigestOptions.SectionName))
            .Validate(o => o.SweepInterval > TimeSpan.Zero && o.LeaseDuration > TimeSpan.Zero && o.CatchUpWindow >= TimeSpan.Zero,
                "Digest:SweepInterval and Digest:LeaseDuration must be positive, Digest:CatchUpWindow not negative.")
            .ValidateOnStart();
        services.AddSingleton<StatusIssueSource>();
        services.AddSingleton<IStatusIssueSource>(provider => provider.GetRequiredService<StatusIssueSource>());
        services.AddSingleton<StatusService>();
        services.AddSingleton<StatusTotalsWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusTotalsWorker>());
        // A partner's answer covers their own issues only (StatusScopePolicy).
        services.AddActions<StatusCommand>(
            ActionDeclaration.Command<StatusCommand>(ActionIds.Commands.Status, Audience.Police | Audience.Partner, "faire le point des signalements"),
            ActionDeclaration.Command<StatusCommand>(ActionIds.Commands.Overdue, Audience.Police | Audience.Partner, "lister les signalements en retard"),
            ActionDeclaration.Command<StatusCommand>(ActionIds.Commands.DueSoon, Audience.Police | Audience.Partner, "lister les prochaines échéances"));
        services.AddLeasedWorker<WeeklyDigest>();
        // After the development clock moved: one digest sweep at the new instant (unless the digest is turned off).
        services.AddClockCatchUp(ClockCatchUps.Digest, (provider, cancellationToken) =>
            provider.GetRequiredService<IOptions<DigestOptions>>().Value.Enabled
                ? provider.GetRequiredService<WeeklyDigest>().SweepAsync(cancellationToken)
                : Task.FromResult(0));
        return services;
    }
}

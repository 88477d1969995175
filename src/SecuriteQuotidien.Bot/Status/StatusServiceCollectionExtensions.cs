using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.Bot.Status;

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
        services.AddSingleton<StatusService>();
        services.AddSingleton<StatusTotalsWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusTotalsWorker>());
        foreach (var id in new[] { StatusCommand.SummaryId, StatusCommand.OverdueId, StatusCommand.DueSoonId })
        {
            services.AddSingleton<ICommandHandler>(sp => ActivatorUtilities.CreateInstance<StatusCommand>(sp, id));
        }
        services.AddLeasedWorker<WeeklyDigest>();
        return services;
    }
}

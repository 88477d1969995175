using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Issues;

namespace SecuriteQuotidien.Bot.Intake;

/// <summary>
/// Everything that follows from a stored issue: the created event, the root card's outbox entry and the
/// first reminder (idempotent and independent, so in parallel), then the reporter index that shows the issue
/// to the partner; the issue's "unfinished" marker is removed only when all succeeded.
/// </summary>
public sealed class IntakeFinisher(IIssueIntakeStore store, INewIssueRouter router, IReminderScheduler reminders)
{
    /// <param name="justCreated">True right after the creation: the first reminder is planned without reading the timeline.</param>
    public async Task FinishAsync(Issue issue, bool justCreated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        await Task.WhenAll(
            store.AppendCreatedEventAsync(issue, cancellationToken),
            router.RouteAsync(issue, cancellationToken),
            justCreated ? reminders.ScheduleNewAsync(issue, cancellationToken) : reminders.RescheduleAsync(issue, cancellationToken));
        // Last, so that the partner never lists an issue whose event, channel post or reminder is missing
        // (an outage before this point leaves it to the retry or the recovery pass, unseen).
        await store.IndexForReporterAsync(issue, cancellationToken);
        await store.CompleteAsync(issue, cancellationToken);
    }
}

/// <summary>Configuration section <c>Intake</c>: the recovery pass of interrupted submits.</summary>
public sealed class IntakeRecoveryOptions
{
    public const string SectionName = "Intake";

    /// <summary>Whether this instance runs the recovery pass (default true).</summary>
    public bool RecoveryEnabled { get; set; } = true;

    /// <summary>Time between two passes (default 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A submit younger than this is presumed still running (default 2 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RecoveryGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often the markers of finished submits not yet removed by a later submit of their sector are deleted
    /// (default 5 seconds; runs even when the recovery pass is off). Keep it well below <see cref="RecoveryGrace"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan CompletionFlushInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Configuration section <c>Intake</c>: how many reports one partner may send per day.</summary>
public sealed class IntakeQuotaOptions
{
    /// <summary>
    /// Reports one partner may send per Paris calendar day (default 20); the next submit is answered on the card,
    /// the form kept and nothing stored. Retrying a report already sent is never refused.
    /// </summary>
    [Range(1, 100_000)]
    public int DailyReportQuota { get; set; } = 20;
}

/// <summary>
/// Finishes the submits a crash or an outage interrupted after the issue was stored (its marker is still
/// there): at start, then every <see cref="IntakeRecoveryOptions.RecoveryInterval"/>. Every step is
/// idempotent, so several instances may run it at once without a lease; it reads one small key range
/// per sector. It also deletes, every <see cref="IntakeRecoveryOptions.CompletionFlushInterval"/>, the markers of
/// finished submits that no later submit of their sector carried away.
/// </summary>
public sealed partial class IntakeRecoveryWorker(
    IIssueIntakeStore store,
    IDirectory directory,
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<IntakeRecoveryOptions> options,
    ILogger<IntakeRecoveryWorker> logger) : BackgroundService
{
    /// <summary>One pass; returns the issues finished.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - options.Value.RecoveryGrace;
        await store.FlushCompletedAsync(cancellationToken);
        var finished = 0;
        foreach (var sector in directory.Sectors)
        {
            foreach (var issue in await store.ListUnfinishedAsync(sector.Id, before, cancellationToken))
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IntakeFinisher>().FinishAsync(issue, justCreated: false, cancellationToken);
                LogFinished(logger, issue.Number.ToString());
                finished++;
            }
        }
        return finished;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        return Task.WhenAll(
            settings.RecoveryEnabled ? RepeatAsync(RunOnceAsync, settings.RecoveryInterval, stoppingToken) : Task.CompletedTask,
            RepeatAsync(store.FlushCompletedAsync, settings.CompletionFlushInterval, stoppingToken));
    }

    private Task RepeatAsync(Func<CancellationToken, Task> pass, TimeSpan interval, CancellationToken stoppingToken) =>
        PeriodicLoop.RunAsync(pass, interval, time, ex => LogPassFailed(logger, ex, ex.GetType().Name), stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interrupted submit of issue {IssueNumber} finished by the recovery pass")]
    private static partial void LogFinished(ILogger logger, string issueNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Intake recovery or marker cleanup pass failed ({ErrorType}); retried at the next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string errorType);
}

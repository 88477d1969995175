using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Reminders;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Reminders;

/// <summary>
/// The bot host on a given clock, not installed, the reminder loop and (unless asked) the outbox dispatcher
/// off: tests sweep by hand. Two hosts with one table prefix are two instances sharing a storage account.
/// </summary>
internal sealed class ReminderHost : BotTestHost
{
    public const string Actor = DemoPeople.GapReferent;

    private ReminderHost(string tablesConnection, BotTestHostOptions options) : base(tablesConnection, options)
    {
    }

    public ReminderWorker Worker => Get<ReminderWorker>();
    public IReminderScheduler Scheduler => Get<IReminderScheduler>();

    public static string NewPrefix() => NewTablePrefix();

    /// <param name="serviceUrl">Where channel posts go when no reference is stored (by default the host's stand-in).</param>
    public static async Task<ReminderHost> StartAsync(string tablesConnection, string tablePrefix, TimeProvider time,
        IDictionary<string, string?>? settings = null, string? serviceUrl = null,
        bool withDispatcher = false, Action<IServiceCollection>? configure = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (serviceUrl is not null)
        {
            all.TryAdd("Delivery:DefaultServiceUrl", serviceUrl);
        }
        var host = new ReminderHost(tablesConnection, new BotTestHostOptions
        {
            Time = time,
            TablePrefix = tablePrefix,
            Settings = all,
            OutboxDispatcher = withDispatcher,
            Install = false,
            ConfigureServices = configure,
        });
        await host.StartHostAsync();
        return host;
    }

    /// <summary>Creates an issue now (the clock's now), attaches a thread and plans its first reminder.</summary>
    public async Task<Issue> CreateIssueAsync(string sectorId, string categoryId, string siteId, bool withThread = true)
    {
        var issue = await SeedIssueAsync(sectorId, categoryId, site: IssueSite.Known(siteId), withThread: withThread,
            description: "Regroupement bruyant chaque soir devant l'entrée.", lastOccurrence: new DateOnly(2026, 1, 1));
        await Scheduler.RescheduleAsync(issue, CancellationToken.None);
        return issue;
    }

    /// <summary>Applies a transition now and reschedules, as the referent's actions do.</summary>
    public async Task<Issue> ApplyAsync(Issue issue, Func<Issue, DateTimeOffset, IssueChange> transition)
    {
        var now = Now;
        var changed = (await Issues.ApplyAsync(issue.SectorId, issue.Number, i => transition(i, now), CancellationToken.None))!.Value.Issue;
        await Scheduler.RescheduleAsync(changed, CancellationToken.None);
        return changed;
    }
}

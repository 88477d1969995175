using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Reminders;
using SecuriteQuotidien.BotFramework;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Reminders;

/// <summary>
/// One bot instance reduced to reminders (protocol, tables, directory, delivery, reminders) over a real
/// Azurite, on a given <see cref="TimeProvider"/>. Two hosts with one table prefix are two instances
/// sharing a storage account. The periodic worker loop is off unless asked; tests sweep by hand.
/// </summary>
internal sealed class ReminderHost : IAsyncDisposable
{
    public const string Actor = "00000000-0000-4000-8000-000000000011";
    private readonly IHost _host;
    private bool _stopped;

    private ReminderHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;
    public ReminderWorker Worker => Services.GetRequiredService<ReminderWorker>();
    public IReminderScheduler Scheduler => Services.GetRequiredService<IReminderScheduler>();
    public IIssueRepository Issues => Services.GetRequiredService<IIssueRepository>();
    public IIssueEventRepository Events => Services.GetRequiredService<IIssueEventRepository>();
    public IOutbox Outbox => Services.GetRequiredService<IOutbox>();
    public IDirectory Directory => Services.GetRequiredService<IDirectory>();
    private TimeProvider Time => Services.GetRequiredService<TimeProvider>();

    public static string NewPrefix() => "r" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<ReminderHost> StartAsync(string tablesConnection, string tablePrefix, TimeProvider time,
        IDictionary<string, string?>? settings = null, string serviceUrl = "http://127.0.0.1:9/",
        bool withDispatcher = false, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = Environments.Development,
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Tables"] = tablesConnection,
            ["Storage:TablePrefix"] = tablePrefix,
            ["Directory:Path"] = RepoPaths.Combine("departments", "hautes-alpes.json"),
            ["BotFramework:ConnectorMaxRetryAttempts"] = "1",
            ["Delivery:DefaultServiceUrl"] = serviceUrl,
            ["Delivery:PollInterval"] = "00:00:00.100",
            ["Reminders:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddLogging();
        builder.Services.AddSingleton(time);
        configure?.Invoke(builder.Services);
        builder.Services.AddBotFramework(builder.Configuration, builder.Environment);
        builder.Services.AddTableStorage(builder.Configuration);
        builder.Services.AddDepartmentDirectory(builder.Configuration);
        builder.Services.AddDelivery(builder.Configuration);
        builder.Services.AddReminders(builder.Configuration);
        if (!withDispatcher)
        {
            builder.Services.Remove(builder.Services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OutboxDispatcher)));
        }
        var host = builder.Build();
        await host.StartAsync();
        return new ReminderHost(host);
    }

    /// <summary>Creates an issue now (the time provider's now), attaches a thread and plans its first reminder.</summary>
    public async Task<Issue> CreateIssueAsync(string sectorId, string categoryId, string siteId, bool withThread = true)
    {
        var draft = new IssueDraft
        {
            SectorId = sectorId,
            CategoryId = categoryId,
            Reporter = new IssueReporter(TestActivities.PartnerObjectId, "residence-les-cedres"),
            Site = IssueSite.Known(siteId),
            LastOccurrence = new DateOnly(2026, 1, 1),
            TimeOfDay = TimeOfDay.Evening,
            Frequency = IssueFrequency.Daily,
            Description = "Regroupement bruyant chaque soir devant l'entrée.",
        };
        var issue = (await Issues.CreateAsync(draft, "draft-" + Guid.NewGuid().ToString("N"), CancellationToken.None)).Stored.Issue;
        if (withThread)
        {
            var sector = Directory.FindSector(sectorId)!;
            var root = "1" + issue.Number.ToString().Replace("-", "", StringComparison.Ordinal);
            var thread = new ChannelThread($"{sector.ChannelId};messageid={root}", root);
            issue = (await Issues.ApplyAsync(sectorId, issue.Number, i => i.AttachThread(thread, "bot", Time.GetUtcNow()), CancellationToken.None))!.Value.Issue;
        }
        await Scheduler.RescheduleAsync(issue, CancellationToken.None);
        return issue;
    }

    /// <summary>Applies a transition now and reschedules, as the referent's actions do.</summary>
    public async Task<Issue> ApplyAsync(Issue issue, Func<Issue, DateTimeOffset, IssueChange> transition)
    {
        var now = Time.GetUtcNow();
        var changed = (await Issues.ApplyAsync(issue.SectorId, issue.Number, i => transition(i, now), CancellationToken.None))!.Value.Issue;
        await Scheduler.RescheduleAsync(changed, CancellationToken.None);
        return changed;
    }

    /// <summary>Ends the process without a graceful stop (no lease release), as a crash would.</summary>
    public void Crash()
    {
        _stopped = true;
        _host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        await _host.StopAsync();
        _host.Dispose();
    }
}

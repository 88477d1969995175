using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Issues;

namespace SecuriteQuotidien.Bot.Tests.Reminders;

/// <summary>
/// Storage as the product uses it, with switches that make one call fail (a crash or an outage at that
/// point) and a record of the days the sweep asked the index for.
/// </summary>
internal sealed class ReminderFaults
{
    public bool FailReminderSentAppend { get; set; }
    public bool FailIndexList { get; set; }
    public bool FailIndexReplace { get; set; }
    public List<IReadOnlyList<DateOnly>> DaysListed { get; } = [];

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IssueEventRepository>();
        services.AddSingleton<DueDayIndex>();
        services.AddSingleton<IIssueEventRepository>(sp => new Events(sp.GetRequiredService<IssueEventRepository>(), this));
        services.AddSingleton<IDueDayIndex>(sp => new Index(sp.GetRequiredService<DueDayIndex>(), this));
    }

    private sealed class Events(IIssueEventRepository inner, ReminderFaults faults) : IIssueEventRepository
    {
        public Task AppendAsync(IssueEvent issueEvent, CancellationToken cancellationToken) =>
            faults.FailReminderSentAppend && issueEvent.Kind == IssueEventKind.ReminderSent
                ? throw new IOException("Simulated crash before the reminder is recorded.")
                : inner.AppendAsync(issueEvent, cancellationToken);

        public Task<IReadOnlyList<IssueEvent>> ListAsync(IssueNumber number, bool partnerVisibleOnly, CancellationToken cancellationToken) =>
            inner.ListAsync(number, partnerVisibleOnly, cancellationToken);
    }

    private sealed class Index(IDueDayIndex inner, ReminderFaults faults) : IDueDayIndex
    {
        public Task AddAsync(DueReminder reminder, CancellationToken cancellationToken) => inner.AddAsync(reminder, cancellationToken);

        public Task RemoveAsync(DueReminder reminder, CancellationToken cancellationToken) => inner.RemoveAsync(reminder, cancellationToken);

        public Task ReplaceAsync(IReadOnlyCollection<DueReminder> add, IReadOnlyCollection<DueReminder> remove, CancellationToken cancellationToken) =>
            faults.FailIndexReplace
                ? throw new Azure.RequestFailedException(503, "Simulated storage outage before the index is updated.")
                : inner.ReplaceAsync(add, remove, cancellationToken);

        public Task<IReadOnlyList<DueReminder>> ListAsync(IEnumerable<DateOnly> days, CancellationToken cancellationToken)
        {
            if (faults.FailIndexList)
            {
                throw new Azure.RequestFailedException(503, "Simulated storage outage.");
            }
            var asked = days.ToList();
            faults.DaysListed.Add(asked);
            return inner.ListAsync(asked, cancellationToken);
        }
    }
}

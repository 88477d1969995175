using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Status;

/// <summary>
/// The bot host, not installed, on a fake clock (by default Friday 20 November 2026, 10:00 Paris), and a known
/// data set of seven issues written through the repository, then set to known dates.
/// </summary>
public sealed class StatusHost : BotTestHost
{
    public const string OverdueThreadRoot = "1718000000111";

    public static readonly DateTimeOffset DataSetDay = ParisTime.At(new DateOnly(2026, 11, 20), new TimeOnly(10, 0));

    private StatusHost(AzuriteFixture azurite, BotTestHostOptions options) : base(azurite.ConnectionString, options)
    {
    }

    public new FakeTimeProvider Time => (FakeTimeProvider)base.Time;

    /// <param name="settings">Overrides; a <c>Storage:TablePrefix</c> among them makes this host a second instance over those tables.</param>
    public static async Task<StatusHost> StartAsync(AzuriteFixture azurite, DateTimeOffset now, IDictionary<string, string?>? settings = null,
        BotWorkers workers = BotWorkers.None)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        var host = new StatusHost(azurite, new BotTestHostOptions
        {
            Time = new FakeTimeProvider(now),
            Settings = all,
            TablePrefix = all.GetValueOrDefault("Storage:TablePrefix"),
            Workers = workers,
            Install = false,
        });
        await host.StartHostAsync();
        return host;
    }

    /// <summary>Types <paramref name="text"/> in the personal chat as <paramref name="objectId"/>; returns the bot's reply.</summary>
    public Task<ConnectorRequest> AskAsync(string text, string objectId = DemoPeople.Commissioner) => SayInPersonalChatAsync(text, objectId);

    /// <summary>
    /// The data set (today Friday 20 November 2026; deadlines set by hand):
    /// 0001 Gap hyper-centre, created 1 Sept, deadline 1 Oct, answered 20 Sept (Camille);
    /// 0002 Gap hyper-centre, created 10 Sept, deadline 10 Oct, answered 12 Oct, closed resolved 30 Oct (Camille);
    /// 0003 Gap hyper-centre, created 15 Sept, deadline 15 Oct, acknowledged, no response, has a thread (Camille);
    /// 0004 Briançon hyper-centre, created 1 Oct, deadline 31 Oct, new;
    /// 0005 Briançon hyper-centre, created 1 Nov, deadline 1 Dec, new;
    /// 0006 Gap zones économiques, created 24 Oct, deadline 23 Nov, acknowledged;
    /// 0007 Briançon forte densité, created 22 Oct, deadline 21 Nov, new.
    /// </summary>
    public async Task SeedAsync()
    {
        static DateTimeOffset At(int month, int day) => ParisTime.At(new DateOnly(2026, month, day), new TimeOnly(9, 0));
        static DateOnly Date(int month, int day) => new(2026, month, day);

        await SeedOneAsync(DemoDepartment.GapCentre, DemoPeople.Camille, i => i with
        {
            CreatedAt = At(9, 1), Deadline = Date(10, 1), Status = IssueStatus.ResponseEngaged, FirstResponseAt = At(9, 20),
        });
        await SeedOneAsync(DemoDepartment.GapCentre, DemoPeople.Camille, i => i with
        {
            CreatedAt = At(9, 10), Deadline = Date(10, 10), Status = IssueStatus.Closed, Outcome = IssueOutcome.Resolved,
            FirstResponseAt = At(10, 12), ClosedAt = At(10, 30),
        });
        await SeedOneAsync(DemoDepartment.GapCentre, DemoPeople.Camille, i => i with
        {
            CreatedAt = At(9, 15), Deadline = Date(10, 15), Status = IssueStatus.Acknowledged,
            Thread = new ChannelThread($"{DemoDepartment.GapCentreChannel};messageid={OverdueThreadRoot}", OverdueThreadRoot),
        });
        await SeedOneAsync(DemoDepartment.BrianconCentre, DemoPeople.Karim, i => i with { CreatedAt = At(10, 1), Deadline = Date(10, 31) });
        await SeedOneAsync(DemoDepartment.BrianconCentre, DemoPeople.Karim, i => i with { CreatedAt = At(11, 1), Deadline = Date(12, 1) });
        await SeedOneAsync(DemoDepartment.GapEconomic, DemoPeople.Karim, i => i with
        {
            CreatedAt = At(10, 24), Deadline = Date(11, 23), Status = IssueStatus.Acknowledged,
        });
        await SeedOneAsync(DemoDepartment.BrianconDense, DemoPeople.Karim, i => i with { CreatedAt = At(10, 22), Deadline = Date(11, 21) });
    }

    private Task<Issue> SeedOneAsync(string sectorId, string reporter, Func<Issue, Issue> shape) =>
        SeedIssueAsync(sectorId, "incivilites", reporter: reporter, site: IssueSite.Address("1 rue de la Paix"),
            description: "Dégradations répétées près de l'entrée.", shape: shape, lastOccurrence: new DateOnly(2026, 9, 1));
}

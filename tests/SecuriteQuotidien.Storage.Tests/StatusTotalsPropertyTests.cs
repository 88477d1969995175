using Microsoft.Extensions.Logging.Abstractions;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Storage.Issues;
using SecuriteQuotidien.Storage.Status;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests;

/// <summary>
/// Issue 20, item 4: the status totals stay equal to a full recomputation from the issue rows, whatever happens
/// between the two writes of a change (the issue row with its marker, then the totals). Two instances over the same
/// tables apply random changes — creations, lifecycle transitions, transfers between sectors, follow-up answers,
/// rows rewritten whole — while their projectors are killed at random before applying a batch (the change is then
/// only in the issue row and its marker) or after applying it (the marker stays). After the recovery pass, every
/// request's report from the totals is the report <see cref="IndicatorCalculator"/> gives from the rows themselves.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StatusTotalsPropertyTests(AzuriteFixture azurite)
{
    private const string Referent = DemoPeople.Julien;
    private static readonly string[] Sectors = ["gap-hyper-centre", "gap-forte-densite", "briancon-hyper-centre"];
    private static readonly string[] Categories = ["incivilites", "vols", "stupefiants"];

    private sealed class Instance
    {
        public required IssueRepository Issues { get; init; }
        public required StatusTallyProjector Projector { get; init; }
    }

    [Fact]
    public async Task Random_changes_with_kills_between_the_two_writes_leave_totals_equal_to_a_full_recomputation()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var time = storage.Time;
        var store = new StatusTotalsStore(storage.Tables, NullLogger<StatusTotalsStore>.Instance);
        var random = new Random(2026_11_20);
        // The projectors draw their kills from their own tasks, from another generator.
        var kills = new Random(1120);
        bool Draw(int oneIn)
        {
            lock (kills)
            {
                return kills.Next(oneIn) == 0;
            }
        }
        Instance NewInstance()
        {
            var projector = new StatusTallyProjector(storage.Tables, store, TestStorage.Directory, storage.Events, storage.Leases, time,
                NullLogger<StatusTallyProjector>.Instance);
            // A kill before the totals are written (one batch in five) or after, before the markers are deleted (one in ten).
            projector.BeforeApply = (_, _) => Draw(5) ? throw new IOException("Killed before applying the totals.") : Task.CompletedTask;
            projector.AfterApply = (_, _) => Draw(10) ? throw new IOException("Killed before deleting the markers.") : Task.CompletedTask;
            return new Instance
            {
                Projector = projector,
                Issues = new IssueRepository(storage.Tables, TestStorage.NewAllocator(storage.Tables), storage.Events, TestStorage.Directory, time,
                    NullLogger<IssueRepository>.Instance, projector),
            };
        }
        Instance[] instances = [NewInstance(), NewInstance()];
        var created = new List<(string Sector, IssueNumber Number)>();

        for (var step = 0; step < 240; step++)
        {
            time.Advance(TimeSpan.FromHours(random.Next(1, 30)));
            var instance = instances[random.Next(2)];
            var now = time.GetUtcNow();
            if (created.Count < 12 || random.Next(6) == 0)
            {
                var draft = TestStorage.Draft() with { SectorId = Sectors[random.Next(Sectors.Length)], CategoryId = Categories[random.Next(Categories.Length)] };
                var issue = (await instance.Issues.CreateAsync(draft, $"k{step}", CancellationToken.None)).Stored.Issue;
                created.Add((issue.SectorId, issue.Number));
                continue;
            }
            var index = random.Next(created.Count);
            var (sector, number) = created[index];
            var current = (await instance.Issues.GetAsync(sector, number, CancellationToken.None))!.Issue;
            switch (random.Next(10))
            {
                case 0 when current.IsOpen:
                    var target = Sectors.First(s => s != sector);
                    await instance.Issues.TransferAsync(sector, number, i => i.Transfer(target, Referent, now), CancellationToken.None);
                    created[index] = (target, number);
                    break;
                case 1 when !current.IsOpen:
                    await instance.Issues.RecordFollowUpAsync(current.Reporter.ObjectId, number,
                        new FollowUpFeedback((FollowUpAnswer)random.Next(3), now), CancellationToken.None);
                    break;
                case 2:
                    // A row rewritten whole, as the anonymisation does.
                    var stored = (await instance.Issues.GetAsync(sector, number, CancellationToken.None))!;
                    await instance.Issues.UpdateAsync(stored.Issue with { Description = "Texte anonymisé." }, stored.ETag, CancellationToken.None);
                    break;
                default:
                    Func<Issue, IssueChange>? transition = random.Next(7) switch
                    {
                        0 when current.IsOpen && !current.IsPaused => i => i.Pause(Referent, now, "Enquête"),
                        1 when current.IsPaused => i => i.Resume(Referent, now),
                        2 when current.IsOpen => i => i.EngageResponse(Referent, now, "Patrouille ciblée"),
                        3 when current.IsOpen => i => i.Close(Referent, now, (IssueOutcome)random.Next(4)),
                        4 when !current.IsOpen => i => i.Reopen(Referent, now, "Le problème persiste"),
                        5 when current.Status == IssueStatus.New => i => i.Acknowledge(Referent, now),
                        _ => null,
                    };
                    if (transition is not null)
                    {
                        await instance.Issues.ApplyAsync(sector, number, transition, CancellationToken.None);
                    }
                    break;
            }

            if (step % 60 == 59)
            {
                await CheckAsync(storage, store, instances, time.GetUtcNow().AddDays(random.Next(0, 20)));
            }
        }
        await CheckAsync(storage, store, instances, time.GetUtcNow().AddDays(3));
    }

    /// <summary>Lets the queued work end, recovers what the kills left, and compares every request with a recomputation.</summary>
    private static async Task CheckAsync(TestStorage storage, StatusTotalsStore store, Instance[] instances, DateTimeOffset asOf)
    {
        foreach (var instance in instances)
        {
            await instance.Projector.FlushAsync(Sectors, CancellationToken.None);
        }
        // The recovery pass, as another instance's worker runs it (no kills there), takes every marker left.
        var recovery = new StatusTallyProjector(storage.Tables, store, TestStorage.Directory, storage.Events, storage.Leases, storage.Time,
            NullLogger<StatusTallyProjector>.Instance);
        await recovery.RecoverAsync(DateTimeOffset.MaxValue, CancellationToken.None);
        foreach (var sector in TestStorage.Directory.Sectors)
        {
            Assert.Empty(await MarkersAsync(storage, sector.Id));
        }

        var rows = new List<Issue>();
        foreach (var sector in TestStorage.Directory.Sectors)
        {
            rows.AddRange(await storage.Issues.ListBySectorAsync(sector.Id, CancellationToken.None));
        }
        var snapshots = rows.Select(i => IssueSnapshot.FromIssue(i, DelayOf(i), asOf)).ToList();
        var today = ParisTime.DateOf(asOf);
        foreach (var query in Queries(today))
        {
            var expected = IndicatorCalculator.Compute(snapshots, query, asOf);
            var totals = await store.ReadAsync([.. TestStorage.Directory.Sectors.Select(s => s.Id)], query.Scope.CategoryIds,
                TallyRanges.For(query.Period, today), today, 10_000, 10_000, CancellationToken.None);
            Assert.Equal(StatusReportText.Of(expected), StatusReportText.Of(totals.Report(query, asOf)));
        }
        // The reconciliation finds nothing to repair.
        foreach (var sector in Sectors)
        {
            Assert.Equal(0, await recovery.ReconcileAsync(sector, CancellationToken.None));
        }
    }

    private static async Task<List<string>> MarkersAsync(TestStorage storage, string sectorId)
    {
        var markers = new List<string>();
        await foreach (var row in storage.Tables.Issues.QueryAsync<Azure.Data.Tables.TableEntity>(
            $"PartitionKey eq '{sectorId}' and RowKey ge 'tally|' and RowKey lt 'tally}}'"))
        {
            markers.Add(row.RowKey);
        }
        return markers;
    }

    private static int DelayOf(Issue issue) => TestStorage.Directory.FindCategory(issue.CategoryId)?.ResponseDelayDays ?? Issue.DefaultResponseDelayDays;

    private static IEnumerable<StatusQuery> Queries(DateOnly today)
    {
        StatusPeriod?[] periods = [StatusPeriods.ThisYear(today), StatusPeriods.ThisMonth(today), StatusPeriods.LastDays(today, 10),
            StatusPeriods.Between(today.AddDays(-90), today.AddDays(40)), null];
        StatusScope[] scopes = [StatusScope.Department, new() { SectorIds = [Sectors[0]] }, new() { CategoryIds = [Categories[1]] }];
        foreach (var scope in scopes)
        {
            foreach (var period in periods)
            {
                yield return new StatusQuery(StatusQueryKind.Summary, scope, period);
            }
            yield return new StatusQuery(StatusQueryKind.Overdue, scope, null);
            yield return new StatusQuery(StatusQueryKind.DueSoon, scope, null);
        }
    }
}

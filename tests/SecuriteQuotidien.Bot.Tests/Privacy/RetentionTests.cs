using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Privacy;
using SecuriteQuotidien.Bot.Status;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Privacy;

/// <summary>The retention worker with a fake clock over Azurite: nothing before the date, everything after, same statistics.</summary>
public sealed class RetentionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Description = "M. Dupont laisse son scooter dans le hall B et insulte les résidents.";
    private PrivacyHost _host = null!;

    public async Task InitializeAsync() => _host = await PrivacyHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private RetentionWorker Worker => _host.Services.GetRequiredService<RetentionWorker>();

    private async Task<Dictionary<string, string>> StatusFactsAsync()
    {
        var directory = _host.Services.GetRequiredService<IDirectory>();
        var answer = await _host.Services.GetRequiredService<StatusService>()
            .AnswerAsync("point depuis le 1er janvier 2026", directory.RolesOf(DemoPeople.Commissioner), CancellationToken.None);
        var card = JsonNode.Parse(answer.Attachments![0].Content!.Value.GetRawText())!;
        return CardClient.Facts(card);
    }

    [Fact]
    public async Task A_closed_issue_is_anonymised_after_its_delay_not_before_and_the_statistics_do_not_change()
    {
        var closed = await _host.NewIssueAsync(Description, effect: "Les résidents ont peur.");
        var open = await _host.NewIssueAsync("Tags répétés sur la porte du local vélos, rue de France.");
        await _host.As(DemoPeople.GapReferent).InvokeAsync(ActionIds.Issue.MaskSubmit, new JsonObject
        {
            ["numero"] = closed.Number.ToString(), ["secteur"] = closed.SectorId, [MaskPassageFeature.PassageField] = "M. Dupont",
        });
        _host.Time.Advance(TimeSpan.FromDays(3));
        closed = await _host.CloseAsync(closed);
        var closedAt = closed.ClosedAt!.Value;
        await _host.PostAsync(TeamsActivities.Personal(_host.Connector.ServiceUrl, text: "bonjour", id: "old-activity"));

        // One day before the 24 months: nothing is anonymised; old technical rows are purged.
        _host.Time.SetUtcNow(closedAt.AddMonths(24).AddDays(-1));
        var early = await Worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, early.IssuesAnonymised);
        Assert.True(early.ProcessedActivitiesPurged >= 1);
        Assert.False(IssueAnonymiser.IsAnonymised(await _host.ReadAsync(closed)));

        _host.Time.SetUtcNow(closedAt.AddMonths(24).AddMinutes(1));
        var before = await StatusFactsAsync();
        var due = await Worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(1, due.IssuesAnonymised);

        var anonymised = await _host.ReadAsync(closed);
        Assert.True(IssueAnonymiser.IsAnonymised(anonymised));
        Assert.StartsWith(IssueAnonymiser.PseudonymPrefix, anonymised.Reporter.ObjectId, StringComparison.Ordinal);
        Assert.Equal((IssueAnonymiser.AnonymisedText, IssueAnonymiser.AnonymisedText, IssueAnonymiser.AnonymisedText),
            (anonymised.Description, anonymised.Effect, anonymised.Site.FreeAddress));
        Assert.Equal((closed.SectorId, closed.CategoryId, closed.Outcome, closed.CreatedAt, closed.ClosedAt, closed.Deadline, closed.Reporter.OrganisationId),
            (anonymised.SectorId, anonymised.CategoryId, anonymised.Outcome, anonymised.CreatedAt, anonymised.ClosedAt, anonymised.Deadline, anonymised.Reporter.OrganisationId));
        var timeline = await _host.Events.ListAsync(closed.Number, partnerVisibleOnly: false, CancellationToken.None);
        Assert.All(timeline, e => Assert.False(Guid.TryParse(e.ActorObjectId, out _), $"{e.Kind} still names {e.ActorObjectId}"));
        Assert.All(timeline, e => Assert.True(e.Payload is null or IssueAnonymiser.AnonymisedText, $"{e.Kind}: {e.Payload}"));
        Assert.Contains(timeline, e => e.Kind == IssueEventKind.Closed);
        Assert.Null(await _host.Services.GetRequiredService<IPoliceOnlyTextStore>().GetAsync(closed.Number, CancellationToken.None));
        var stillListed = await _host.Issues.ListByReporterAsync(DemoPeople.Partner, 10, CancellationToken.None);
        Assert.Equal([open.Number], stillListed.Select(i => i.Number));
        Assert.Equal(open.Description, (await _host.ReadAsync(open)).Description);

        // Past the status cache's minute, the same figures.
        _host.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(before, await StatusFactsAsync());
        Assert.Contains("1", before["Problèmes résolus"], StringComparison.Ordinal);

        var purge = Assert.Single(await _host.AuditTodayAsync(), e => e.Action == AuditAction.RetentionPurge);
        Assert.Equal(AuditEvent.SystemActor, purge.ActorObjectId);
        Assert.Contains("signalements anonymisés : 1", purge.Detail, StringComparison.Ordinal);

        // Idempotent: a second run finds nothing more.
        Assert.Equal(0, (await Worker.RunOnceAsync(CancellationToken.None)).IssuesAnonymised);
    }

    [Fact]
    public async Task Another_instance_holding_the_lease_runs_nothing()
    {
        var leases = _host.Services.GetRequiredService<SecuriteQuotidien.Storage.Coordination.ILeaseStore>();
        Assert.NotNull(await leases.TryAcquireAsync(RetentionWorker.LeaseName, "other-instance", TimeSpan.FromMinutes(10), CancellationToken.None));
        Assert.Same(RetentionRunResult.NotLeader, await Worker.RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Without_a_pseudonym_key_the_worker_only_purges()
    {
        await using var host = await PrivacyHost.StartAsync(azurite, new Dictionary<string, string?> { ["Retention:PseudonymKey"] = null });
        var issue = await host.NewIssueAsync(Description);
        issue = await host.CloseAsync(issue);
        host.Time.SetUtcNow(issue.ClosedAt!.Value.AddMonths(30));
        var result = await host.Services.GetRequiredService<RetentionWorker>().RunOnceAsync(CancellationToken.None);
        Assert.True(result.AnonymisationSkipped);
        Assert.Equal(Description, (await host.ReadAsync(issue)).Description);
    }
}

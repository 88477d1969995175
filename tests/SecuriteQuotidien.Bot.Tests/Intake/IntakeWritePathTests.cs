using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Intake;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Issues;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Storage.Status;
using SecuriteQuotidien.Storage.Tests;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Intake;

/// <summary>
/// The submit's table requests, counted with a pipeline policy, and the recovery of a submit interrupted
/// after the issue was stored. The outbox dispatcher is off, so only the submit's own requests are seen.
/// </summary>
public sealed class IntakeWritePathTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly RequestRecorder _recorder = new();
    private BotTestHost _host = null!;
    private CardClient _partner = null!;

    public async Task InitializeAsync()
    {
        _host = await BotTestHost.StartAsync(azurite, new BotTestHostOptions
        {
            OutboxDispatcher = false,
            Settings = new Dictionary<string, string?>
            {
                ["Intake:RecoveryEnabled"] = "false",
                // The inbound recovery pass runs during the submit on purpose: on a loaded CI machine it did by chance,
                // and its reads (one query per bucket) are the host's background work, not the submit's.
                ["BotFramework:Endpoint:RecoveryInterval"] = "00:00:00.050",
                ["Intake:RecoveryGrace"] = "00:00:01",
                // Markers left after a submit are deleted by the next submit of the sector, or by the recovery pass here.
                ["Intake:CompletionFlushInterval"] = "1.00:00:00",
            },
            ConfigureServices = services =>
            {
                var options = new TableClientOptions();
                options.AddPolicy(_recorder, HttpPipelinePosition.PerCall);
                services.AddSingleton(new TableServiceClient(azurite.ConnectionString, options));
            },
        });
        _partner = _host.As(DemoPeople.Partner);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonObject> SummaryAsync()
    {
        var danger = CardClient.CardOf(await _partner.InvokeAsync("signaler", []));
        var place = await _partner.ClickAsync(danger, "signaler-danger", title: "Non, continuer le signalement");
        var facts = await _partner.ClickAsync(place, "signaler-lieu", ReportForm.Place);
        return await _partner.ClickAsync(facts, "signaler-faits", ReportForm.Facts(_host.Today));
    }

    [Fact]
    public async Task A_submit_costs_seven_table_requests_two_transactions_one_quota_query_and_no_counter_write_within_a_block()
    {
        await _partner.ClickAsync(await SummaryAsync(), "signaler-envoyer"); // reserves this instance's block of numbers
        var summary = await SummaryAsync();
        var totals = _host.Get<StatusTallyProjector>();
        await totals.FlushAsync([DemoDepartment.GapCentre], None); // the first submit's background work
        _recorder.Clear();

        var confirmation = await _partner.ClickAsync(summary, "signaler-envoyer");

        Assert.Matches(@"^Signalement 05-\d{4}-0002 envoyé$", confirmation["body"]![0]!["text"]!.GetValue<string>());
        // The status totals follow in the background (issue 20): not the submit's requests, counted apart below.
        await totals.FlushAsync([DemoDepartment.GapCentre], None);
        // The inbound's recovery pass (every 50 ms here) and done marks of earlier activities run beside the submit: not its requests.
        var requests = _recorder.Requests.Where(r => !RequestRecorder.IsStatusTotals(r) && !RequestRecorder.IsInboundBackground(r)).ToList();
        var background = _recorder.Requests.Where(RequestRecorder.IsStatusTotals).ToList();
        // De-duplication insert, issue transaction (which also deletes the first submit's marker), timeline +
        // reporter index, outbox transaction, due-day entry: six. The channel reference was read by the first
        // submit and is reused from the instance's cache. No key lookup, no marker deletion of its own. Plus the
        // daily quota's query of the partner's reporter index (one partition, one page): seven.
        Assert.True(requests.Count == 7, $"{requests.Count} requests instead of 7:\n{string.Join('\n', requests)}");
        Assert.DoesNotContain(requests, r => r.Contains("Conversations", StringComparison.Ordinal));
        Assert.DoesNotContain(requests, r => r.StartsWith("DELETE ", StringComparison.Ordinal));
        Assert.Equal(2, requests.Count(r => r.Contains("$batch", StringComparison.Ordinal)));
        Assert.Contains("IssuesByReporter", Assert.Single(requests, r => r.Contains("$filter", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain(requests, r => r.Contains("Counters", StringComparison.Ordinal));
        // The totals of the sector, applied after the answer: one transaction and the marker's deletion, plus the reads
        // of counter rows this instance has not written yet (none from the next submit of the sector on).
        Assert.Single(background, r => r.EndsWith(RequestRecorder.StatusTotalsTag, StringComparison.Ordinal));
        Assert.DoesNotContain(background, r => r.Contains("issue|", StringComparison.Ordinal));
        Assert.Single(background, r => r.EndsWith(RequestRecorder.TallyMarkersTag, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_submit_interrupted_after_the_issue_was_stored_is_finished_by_the_recovery_pass_once()
    {
        var store = _host.Get<IIssueIntakeStore>();
        var draft = new IssueDraft
        {
            SectorId = "gap-hyper-centre",
            CategoryId = "incivilites",
            Reporter = new IssueReporter(DemoPeople.Camille, "residence-les-cedres"),
            Site = IssueSite.Known("gap-rue-carnot"),
            LastOccurrence = _host.Today.AddDays(-1),
            TimeOfDay = TimeOfDay.Evening,
            Frequency = IssueFrequency.Daily,
            Description = "Regroupement bruyant chaque soir devant l'entrée.",
        };
        // The process "dies" right after the issue transaction: no timeline, no channel post, no reminder.
        var issue = (await store.CreateAsync(draft, Guid.NewGuid().ToString(), None)).Stored.Issue;
        var outbox = _host.Get<IOutbox>();
        var rootKey = OutboxKeys.Root(issue.Number);
        Assert.Null(await outbox.GetAsync(rootKey, None));

        var recovery = _host.Get<IntakeRecoveryWorker>();
        var finished = 0;
        for (var attempt = 0; attempt < 50 && finished == 0; attempt++)
        {
            await Task.Delay(100); // the grace time (1 s) protects submits still running
            finished = await recovery.RunOnceAsync(None);
        }

        Assert.Equal(1, finished);
        Assert.NotNull(await outbox.GetAsync(rootKey, None));
        var events = _host.Get<IIssueEventRepository>();
        Assert.Equal([IssueEventKind.Created], (await events.ListAsync(issue.Number, false, None)).Select(e => e.Kind));
        var index = _host.Get<IDueDayIndex>();
        var today = _host.Today;
        var planned = await index.ListAsync(Enumerable.Range(0, 40).Select(today.AddDays), None);
        Assert.Contains(planned, r => r.Number == issue.Number);
        Assert.Equal(0, await recovery.RunOnceAsync(None));
    }
}

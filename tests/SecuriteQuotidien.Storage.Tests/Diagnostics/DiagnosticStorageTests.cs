using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Diagnostics;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests.Diagnostics;

[Collection(AzuriteCollection.Name)]
public sealed class DiagnosticStorageTests(AzuriteFixture azurite)
{
    private const string Sector = "gap-hyper-centre";
    private const string Referent = DemoPeople.Julien;
    private const string Partner = DemoPeople.Camille; // Résidence Les Cèdres
    private const string Cedres = "residence-les-cedres";
    private static readonly DateTimeOffset T0 = new(2026, 3, 16, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private static DiagnosticActor Actor(string objectId) => new(objectId, TestStorage.Directory.RolesOf(objectId));

    private sealed record Stores(DiagnosticTables Tables, DiagnosticRepository Diagnostics, HotspotMarkStore Marks, MeetingRepository Meetings, RequestRecorder Requests);

    private async Task<Stores> CreateAsync()
    {
        var recorder = new RequestRecorder();
        var storage = await TestStorage.CreateAsync(azurite, recorder);
        var tables = new DiagnosticTables(storage.Tables);
        await tables.CreateAllAsync(None);
        return new Stores(tables, new DiagnosticRepository(tables, TestStorage.Directory, storage.Time, NullLogger<DiagnosticRepository>.Instance),
            new HotspotMarkStore(tables), new MeetingRepository(tables), recorder);
    }

    private static Func<DiagnosticNumber, DiagnosticChange> Opening(string title = "Regroupements rue Carnot") => number =>
        Diagnostic.Open(number, Sector, title, [new LinkedIssue(new IssueNumber("05", 2026, 1), "incivilites", "gap-rue-carnot")],
            new DiagnosticTemplate("3 signalements en mars.", "Sortie du lycée.", "Commerçants, bailleur."), Actor(Referent), T0);

    [Fact]
    public async Task Create_allocates_numbers_and_is_idempotent_per_key()
    {
        var stores = await CreateAsync();

        var first = await stores.Diagnostics.CreateAsync(Sector, "card-1", T0, Opening(), None);
        var repeated = await stores.Diagnostics.CreateAsync(Sector, "card-1", T0, Opening("Autre titre"), None);
        var second = await stores.Diagnostics.CreateAsync(Sector, "card-2", T0, Opening("Deuxième"), None);

        Assert.True(first.Created);
        Assert.Equal("D05-2026-0001", first.Stored.Diagnostic.Number.ToString());
        Assert.False(repeated.Created);
        Assert.Equal(first.Stored.Diagnostic.Number, repeated.Stored.Diagnostic.Number);
        Assert.Equal("Regroupements rue Carnot", repeated.Stored.Diagnostic.Title);
        Assert.Equal("D05-2026-0002", second.Stored.Diagnostic.Number.ToString());
        var history = await stores.Diagnostics.ListEventsAsync(Sector, first.Stored.Diagnostic.Number, partnerVisibleOnly: false, None);
        Assert.Equal([DiagnosticEventKind.Opened], history.Select(e => e.Kind));
        Assert.Equal(2, (await stores.Diagnostics.ListBySectorAsync(Sector, None)).Count);
    }

    [Fact]
    public async Task Whole_diagnostic_round_trips_even_beyond_one_property_of_text()
    {
        var stores = await CreateAsync();
        var number = (await stores.Diagnostics.CreateAsync(Sector, "k", T0, Opening(), None)).Stored.Diagnostic.Number;
        var actor = Actor(Referent);
        var note = string.Concat(Enumerable.Repeat("Note « confidentielle » — accentuée, ", 60))[..Diagnostic.NoteMaxLength];

        for (var i = 0; i < 20; i++)
        {
            await stores.Diagnostics.ApplyAsync(Sector, number, d => d.AddPoliceNote(actor, d.Version, T0.AddMinutes(i), note), None);
        }
        await stores.Diagnostics.ApplyAsync(Sector, number, d => d.AddAction(actor, d.Version, T0, "Éclairage du porche", Cedres, new DateOnly(2026, 4, 3)), None);
        await stores.Diagnostics.ApplyAsync(Sector, number, d => d.ChooseEvaluation(actor, d.Version, T0, DiagnosticSettings.DefaultMethods[1]), None);
        var written = await stores.Diagnostics.ApplyAsync(Sector, number, d => d.MarkActionDone(Actor(Partner), d.Version, T0.AddDays(3), "A1", "Fait ✔"), None);

        var read = (await stores.Diagnostics.GetAsync(Sector, number, None))!;
        Assert.Equal(written!.ETag, read.ETag);
        var d = read.Diagnostic;
        Assert.Equal(24, d.Version);
        Assert.Equal(20, d.PoliceNotes.Count);
        Assert.Equal(note, d.PoliceNotes[19].Text);
        Assert.Equal(("Fait ✔", Partner, ActionStatus.Done), (d.Actions[0].DoneComment, d.Actions[0].DoneBy, d.Actions[0].Status));
        Assert.Equal(new DateOnly(2026, 4, 3), d.Actions[0].DueDate);
        Assert.Equal("avant-apres-saison", d.Evaluation!.MethodId);
        Assert.Equal("gap-rue-carnot", d.LinkedIssues[0].SiteId);
        Assert.Equal("Sortie du lycée.", d.Template.Hypotheses);
        Assert.Equal(T0, d.OpenedAt);
        Assert.Equal(Enumerable.Range(1, 24), (await stores.Diagnostics.ListEventsAsync(Sector, number, false, None)).Select(e => e.Version));
        var partnerHistory = await stores.Diagnostics.ListEventsAsync(Sector, number, partnerVisibleOnly: true, None);
        Assert.DoesNotContain(partnerHistory, e => e.Kind == DiagnosticEventKind.NoteAdded);
        Assert.Contains(partnerHistory, e => e.Kind == DiagnosticEventKind.ActionDone && e.ActorObjectId == Partner);
    }

    [Fact]
    public async Task Concurrent_update_is_refused_never_lost()
    {
        var stores = await CreateAsync();
        var created = (await stores.Diagnostics.CreateAsync(Sector, "k", T0, Opening(), None)).Stored;
        var actor = Actor(Referent);

        var winner = await stores.Diagnostics.UpdateAsync(created.Diagnostic.EditDetails(actor, 1, T0, title: "Gagnant"), created.ETag, None);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            stores.Diagnostics.UpdateAsync(created.Diagnostic.EditDetails(actor, 1, T0, title: "Perdant"), created.ETag, None));

        var read = (await stores.Diagnostics.GetAsync(Sector, created.Diagnostic.Number, None))!;
        Assert.Equal("Gagnant", read.Diagnostic.Title);
        Assert.Equal(winner.ETag, read.ETag);
        // A click on the old card re-reads, and the version check refuses it.
        await Assert.ThrowsAsync<DiagnosticStaleException>(() =>
            stores.Diagnostics.ApplyAsync(Sector, created.Diagnostic.Number, d => d.EditDetails(actor, 1, T0, title: "Perdant"), None));
    }

    [Fact]
    public async Task Parallel_applies_each_land_once()
    {
        var stores = await CreateAsync();
        var number = (await stores.Diagnostics.CreateAsync(Sector, "k", T0, Opening(), None)).Stored.Diagnostic.Number;
        var actor = Actor(Referent);

        await Task.WhenAll(Enumerable.Range(1, 5).Select(i => stores.Diagnostics.ApplyAsync(Sector, number,
            d => d.AddAction(actor, d.Version, T0, $"Action {i}", Cedres, new DateOnly(2026, 4, i)), None)));

        var d = (await stores.Diagnostics.GetAsync(Sector, number, None))!.Diagnostic;
        Assert.Equal(6, d.Version);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"Action {i}"), d.Actions.Select(a => a.Text).Order());
        Assert.Equal(["A1", "A2", "A3", "A4", "A5"], d.Actions.Select(a => a.Id));
    }

    [Fact]
    public async Task Mes_actions_is_one_partition_query_and_follows_reassignment_and_closure()
    {
        var stores = await CreateAsync();
        var number = (await stores.Diagnostics.CreateAsync(Sector, "k", T0, Opening(), None)).Stored.Diagnostic.Number;
        var actor = Actor(Referent);
        await stores.Diagnostics.ApplyAsync(Sector, number, d => d.AddAction(actor, d.Version, T0, "Affichage", Cedres, new DateOnly(2026, 4, 3)), None);
        await stores.Diagnostics.ApplyAsync(Sector, number, d => d.AddAction(actor, d.Version, T0, "Patrouilles", DiagnosticAction.PoliceOwner, new DateOnly(2026, 4, 1)), None);
        await stores.Diagnostics.ApplyAsync(Sector, number, d => d.AddAction(actor, d.Version, T0, "Éclairage", "habitat-alpin", new DateOnly(2026, 4, 2)), None);

        stores.Requests.Clear();
        var mine = await stores.Diagnostics.ListActionsByOwnerAsync(Cedres, None);
        Assert.Equal(["A1"], mine.Select(o => o.Action.Id));
        Assert.Equal(4, mine[0].Stored.Diagnostic.Version);
        Assert.Single(stores.Requests.Requests, r => r.Contains("DiagnosticActions()", StringComparison.Ordinal) && r.Contains("$filter", StringComparison.Ordinal));
        Assert.Equal(["A2"], (await stores.Diagnostics.ListActionsByOwnerAsync(DiagnosticAction.PoliceOwner, None)).Select(o => o.Action.Id));

        // Reassigned: the old owner's pointer is dropped on read.
        await stores.Diagnostics.ApplyAsync(Sector, number, d => d.EditAction(actor, d.Version, T0, "A1", owner: "habitat-alpin"), None);
        Assert.Empty(await stores.Diagnostics.ListActionsByOwnerAsync(Cedres, None));
        Assert.Empty(await PointersAsync(stores.Tables, Cedres));
        Assert.Equal(["A3", "A1"], (await stores.Diagnostics.ListActionsByOwnerAsync("habitat-alpin", None)).Select(o => o.Action.Id));

        // Closed: nothing left to do; reopened: back again.
        await stores.Diagnostics.ApplyAsync(Sector, number, d => d.Close(actor, d.Version, T0), None);
        Assert.Empty(await stores.Diagnostics.ListActionsByOwnerAsync("habitat-alpin", None));
        await stores.Diagnostics.ApplyAsync(Sector, number, d => d.Reopen(actor, d.Version, T0), None);
        Assert.Equal(2, (await stores.Diagnostics.ListActionsByOwnerAsync("habitat-alpin", None)).Count);
    }

    [Fact]
    public async Task A_pointer_newer_than_the_diagnostic_read_is_kept_an_older_stale_one_dropped()
    {
        var stores = await CreateAsync();
        var number = (await stores.Diagnostics.CreateAsync(Sector, "k", T0, Opening(), None)).Stored.Diagnostic.Number;
        TableEntity Pointer(int version) => new("cci-hautes-alpes", $"{Sector}|{number}|A9")
        {
            ["SectorId"] = Sector, ["Number"] = number.ToString(), ["ActionId"] = "A9", ["DueDate"] = "2026-04-01", ["Version"] = version,
        };

        // Written by a change (version 2) whose diagnostic row is not committed yet: not shown, not deleted.
        await stores.Tables.ActionsByOwner.UpsertEntityAsync(Pointer(2));
        Assert.Empty(await stores.Diagnostics.ListActionsByOwnerAsync("cci-hautes-alpes", None));
        Assert.Single(await PointersAsync(stores.Tables, "cci-hautes-alpes"));

        // As old as the diagnostic read, and the action is not there: stale, deleted.
        await stores.Tables.ActionsByOwner.UpsertEntityAsync(Pointer(1));
        Assert.Empty(await stores.Diagnostics.ListActionsByOwnerAsync("cci-hautes-alpes", None));
        Assert.Empty(await PointersAsync(stores.Tables, "cci-hautes-alpes"));
    }

    [Fact]
    public async Task Open_listing_reads_only_the_given_sectors()
    {
        var stores = await CreateAsync();
        var open = (await stores.Diagnostics.CreateAsync(Sector, "a", T0, Opening("Ouvert"), None)).Stored.Diagnostic;
        var toClose = (await stores.Diagnostics.CreateAsync(Sector, "b", T0.AddHours(1), Opening("Clos"), None)).Stored.Diagnostic;
        await stores.Diagnostics.ApplyAsync(Sector, toClose.Number, d => d.Close(Actor(Referent), d.Version, T0), None);

        var listed = await stores.Diagnostics.ListOpenAsync([Sector, "briancon-hyper-centre"], None);

        Assert.Equal([open.Number], listed.Select(s => s.Diagnostic.Number));
        Assert.Empty(await stores.Diagnostics.ListOpenAsync(["briancon-hyper-centre"], None));
    }

    [Fact]
    public async Task Survey_keeps_the_latest_answer_of_each_respondent()
    {
        var stores = await CreateAsync();
        var number = new DiagnosticNumber("05", 2026, 1);
        SurveyAnswer Answer(string who, string answer, int minutes) => new()
        {
            Number = number, RespondentObjectId = who, OrganisationId = Cedres, Answer = answer, Comment = "Vu le soir", At = T0.AddMinutes(minutes),
        };

        await stores.Diagnostics.SaveSurveyAnswerAsync(Sector, Answer(Partner, "Inchangée", 1), None);
        await stores.Diagnostics.SaveSurveyAnswerAsync(Sector, Answer(Partner.ToUpperInvariant(), "Un peu améliorée", 2), None);
        await stores.Diagnostics.SaveSurveyAnswerAsync(Sector, Answer(DemoPeople.Karim, "Dégradée", 3), None);
        await stores.Diagnostics.SaveSurveyAnswerAsync(Sector, Answer(Partner, "Dégradée", 4) with { Number = new DiagnosticNumber("05", 2026, 10) }, None);

        var answers = await stores.Diagnostics.ListSurveyAnswersAsync(Sector, number, None);

        Assert.Equal(["Un peu améliorée", "Dégradée"], answers.Select(a => a.Answer));
        Assert.Equal("Vu le soir", answers[0].Comment);
    }

    [Fact]
    public async Task Hotspot_marks_replace_per_kind_and_group()
    {
        var stores = await CreateAsync();
        IssueNumber N(int n) => new("05", 2026, n);

        await stores.Marks.SaveAsync(new HotspotMark(Sector, "site:gap-rue-carnot", HotspotMarkKind.Suggested, [N(1), N(2), N(3)], "bot", T0), None);
        await stores.Marks.SaveAsync(new HotspotMark(Sector, "site:gap-rue-carnot", HotspotMarkKind.Suggested, [N(1), N(2), N(3), N(4)], "bot", T0.AddDays(1)), None);
        await stores.Marks.SaveAsync(new HotspotMark(Sector, "site:gap-rue-carnot", HotspotMarkKind.Dismissed, [N(1), N(2), N(3)], Referent, T0), None);

        var marks = await stores.Marks.ListAsync(Sector, None);

        Assert.Equal(2, marks.Count);
        Assert.Equal(4, marks.Single(m => m.Kind == HotspotMarkKind.Suggested).IssueNumbers.Count);
        var dismissed = marks.Single(m => m.Kind == HotspotMarkKind.Dismissed);
        Assert.Equal((Referent, T0, "site:gap-rue-carnot"), (dismissed.ActorObjectId, dismissed.At, dismissed.GroupKey));
        Assert.Empty(await stores.Marks.ListAsync("briancon-hyper-centre", None));
    }

    [Fact]
    public async Task Minutes_are_saved_once_per_day_updated_by_etag_and_give_the_last_meeting()
    {
        var stores = await CreateAsync();
        MeetingMinutes Minutes(int day, string summary) => new()
        {
            SectorId = Sector, MeetingDate = new DateOnly(2026, 3, day), RecordedBy = Referent, RecordedAt = T0, Summary = summary,
            Decisions = [MinutesDecision.NewAction("M1", "Médiation", new DiagnosticNumber("05", 2026, 1), Cedres, new DateOnly(2026, 4, 1))],
        };

        var etag = await stores.Meetings.SaveMinutesAsync(Minutes(10, "Première"), null, None);
        await stores.Meetings.SaveMinutesAsync(Minutes(24, "Deuxième"), null, None);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => stores.Meetings.SaveMinutesAsync(Minutes(10, "Doublon"), null, None));
        var applied = Minutes(10, "Première").MarkApplied("M1", T0, "A4");
        await stores.Meetings.SaveMinutesAsync(applied, etag, None);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => stores.Meetings.SaveMinutesAsync(applied, etag, None));
        await Assert.ThrowsAsync<DiagnosticRuleException>(() => stores.Meetings.SaveMinutesAsync(Minutes(11, "x") with { SectorId = " " }, null, None));

        var read = (await stores.Meetings.GetMinutesAsync(Sector, new DateOnly(2026, 3, 10), None))!.Value.Minutes;
        Assert.Equal("A4", read.Decisions[0].AppliedRef);
        Assert.Equal(new DiagnosticNumber("05", 2026, 1), read.Decisions[0].Diagnostic);
        Assert.Empty(read.Pending);
        Assert.Equal(new DateOnly(2026, 3, 24), await stores.Meetings.LastMeetingDateAsync(Sector, new DateOnly(2026, 3, 31), None));
        Assert.Equal(new DateOnly(2026, 3, 10), await stores.Meetings.LastMeetingDateAsync(Sector, new DateOnly(2026, 3, 23), None));
        Assert.Null(await stores.Meetings.LastMeetingDateAsync(Sector, new DateOnly(2026, 3, 9), None));
        Assert.Equal(["Deuxième", "Première"], (await stores.Meetings.ListAsync(Sector, None)).Select(m => m.Summary));
    }

    [Fact]
    public async Task AddDiagnosticsStorage_creates_the_tables_at_start_and_wires_the_stores()
    {
        var prefix = TestStorage.UniquePrefix();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Tables"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = prefix,
            ["Directory:Path"] = RepoPaths.Combine("departments", "hautes-alpes.json"),
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddDepartmentDirectory(configuration)
            .AddTableStorage(configuration)
            .AddDiagnosticsStorage()
            .BuildServiceProvider();
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(None);
        }

        var created = await services.GetRequiredService<IDiagnosticRepository>().CreateAsync(Sector, "k", T0, Opening(), None);

        Assert.True(created.Created);
        Assert.Empty(await services.GetRequiredService<IMeetingRepository>().ListAsync(Sector, None));
        Assert.Empty(await services.GetRequiredService<IHotspotMarkStore>().ListAsync(Sector, None));
        Assert.False(services.GetRequiredService<PartnerConfidentiality>().IsVisibleToPartners("trafic-stupefiants"));
    }

    private static async Task<List<TableEntity>> PointersAsync(DiagnosticTables tables, string owner)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in tables.ActionsByOwner.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {owner}")))
        {
            rows.Add(row);
        }
        return rows;
    }
}

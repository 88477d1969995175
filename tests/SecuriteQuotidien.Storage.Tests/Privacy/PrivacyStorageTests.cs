using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;
using SecuriteQuotidien.Storage.Audit;
using SecuriteQuotidien.Storage.Privacy;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests.Privacy;

/// <summary>The audit trail, the police-only layer, the closure index and the purges, over Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PrivacyStorageTests(AzuriteFixture azurite)
{
    private const string Admin = DemoPeople.Marc;

    private static AuditEvent Read(DateTimeOffset at, string issue = "05-2026-0001", string? id = null) => new()
    {
        ActorObjectId = Admin,
        Action = AuditAction.IssueRead,
        OccurredAt = at,
        IssueNumber = issue,
        Scope = "gap-hyper-centre",
        Detail = "signalement-actualiser",
        Id = id ?? Guid.NewGuid().ToString("N"),
    };

    [Fact]
    public async Task The_audit_trail_lists_a_period_by_paris_day_in_time_order_bounded_and_counts_the_rest()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var trail = new TableAuditTrail(new PrivacyTables(storage.Tables));
        // 23:30 UTC on 31 March is already 1 April in Paris (summer time).
        var lateMarch = new DateTimeOffset(2026, 3, 31, 23, 30, 0, TimeSpan.Zero);
        var early = ParisTime.At(new DateOnly(2026, 4, 2), new TimeOnly(8, 0));
        var later = ParisTime.At(new DateOnly(2026, 4, 2), new TimeOnly(9, 0));
        var outside = ParisTime.At(new DateOnly(2026, 5, 1), new TimeOnly(9, 0));
        var repeated = Read(early, id: "same");
        await trail.RecordAsync(Read(later, "05-2026-0003"), CancellationToken.None);
        await trail.RecordAsync(repeated, CancellationToken.None);
        await trail.RecordAsync(repeated, CancellationToken.None);
        await trail.RecordAsync(Read(lateMarch, "05-2026-0002"), CancellationToken.None);
        await trail.RecordAsync(Read(outside), CancellationToken.None);

        var april = await trail.ListAsync(new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30), 10, CancellationToken.None);
        Assert.Equal(["05-2026-0002", "05-2026-0001", "05-2026-0003"], april.Events.Select(e => e.IssueNumber));
        Assert.Equal(0, april.LeftOut);
        Assert.Equal(Admin, april.Events[1].ActorObjectId);
        Assert.Equal(AuditAction.IssueRead, april.Events[1].Action);
        Assert.Equal(early, april.Events[1].OccurredAt);

        var bounded = await trail.ListAsync(new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30), 2, CancellationToken.None);
        Assert.Equal(2, bounded.Events.Count);
        Assert.Equal(1, bounded.LeftOut);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            trail.ListAsync(new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 5), 10, CancellationToken.None));
    }

    [Fact]
    public async Task The_police_only_layer_is_saved_replaced_and_deleted()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var store = new PoliceOnlyTextStore(new PrivacyTables(storage.Tables));
        var number = IssueNumber.Parse("05-2026-0007");
        Assert.Null(await store.GetAsync(number, CancellationToken.None));

        var layer = new PoliceOnlyText(number, "M. Dupont crie dans le hall.", null, ["M. Dupont"]);
        await store.SaveAsync(layer, CancellationToken.None);
        await store.SaveAsync(layer.With("hall"), CancellationToken.None);
        var read = await store.GetAsync(number, CancellationToken.None);
        Assert.Equal(["M. Dupont", "hall"], read!.MaskedPassages);
        Assert.Equal("M. Dupont crie dans le hall.", read.OriginalDescription);
        Assert.Null(read.OriginalEffect);

        await store.DeleteAsync(number, CancellationToken.None);
        await store.DeleteAsync(number, CancellationToken.None);
        Assert.Null(await store.GetAsync(number, CancellationToken.None));
    }

    [Fact]
    public async Task The_closure_index_lists_only_entries_closed_before_the_cutoff_oldest_month_first()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var index = new ClosedIssueIndex(new PrivacyTables(storage.Tables));
        var old = new ClosedIssueEntry("gap-hyper-centre", IssueNumber.Parse("05-2024-0001"), new DateTimeOffset(2024, 1, 20, 10, 0, 0, TimeSpan.Zero));
        var sameMonthLater = new ClosedIssueEntry("gap-hyper-centre", IssueNumber.Parse("05-2024-0002"), new DateTimeOffset(2024, 3, 25, 10, 0, 0, TimeSpan.Zero));
        var recent = new ClosedIssueEntry("briancon-hyper-centre", IssueNumber.Parse("05-2026-0003"), new DateTimeOffset(2026, 2, 1, 10, 0, 0, TimeSpan.Zero));
        foreach (var entry in new[] { recent, sameMonthLater, old, old })
        {
            await index.AddAsync(entry, CancellationToken.None);
        }

        var due = await index.ListClosedBeforeAsync(new DateTimeOffset(2024, 3, 10, 0, 0, 0, TimeSpan.Zero), 10, CancellationToken.None);
        Assert.Equal([old], due);
        var all = await index.ListClosedBeforeAsync(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), 10, CancellationToken.None);
        Assert.Equal([old, sameMonthLater, recent], all);
        Assert.Single(await index.ListClosedBeforeAsync(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), 1, CancellationToken.None));

        await index.RemoveAsync(old, CancellationToken.None);
        Assert.Equal([sameMonthLater, recent], await index.ListClosedBeforeAsync(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Purges_delete_old_processed_ids_and_settled_outbox_messages_but_never_pending_ones()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var rows = new PersonalDataRows(new PrivacyTables(storage.Tables));
        await storage.ProcessedActivities.TryMarkProcessedAsync("a:conversation", "activity-1", CancellationToken.None);
        await storage.ProcessedActivities.TryMarkProcessedAsync("a:conversation", "activity-2", CancellationToken.None);
        var target = new ConversationReference { ConversationId = "a:1", ServiceUrl = "https://smba.example/" };
        await storage.Outbox.EnqueueAsync("sent", target, """{"type":"message"}""", null, CancellationToken.None);
        await storage.Outbox.EnqueueAsync("pending", target, """{"type":"message"}""", DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None);
        var claim = Assert.Single(await storage.Outbox.ClaimDueAsync("me", 10, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.True(await storage.Outbox.CompleteAsync(claim, CancellationToken.None));

        // Timestamps are the server's: a cutoff in the past keeps everything, one in the future takes what is settled.
        Assert.Equal(0, await rows.PurgeProcessedActivitiesAsync(DateTimeOffset.UtcNow.AddHours(-1), 100, CancellationToken.None));
        Assert.Equal(0, await rows.PurgeSettledOutboxAsync(DateTimeOffset.UtcNow.AddHours(-1), 100, CancellationToken.None));
        Assert.Equal(1, await rows.PurgeProcessedActivitiesAsync(DateTimeOffset.UtcNow.AddMinutes(5), 1, CancellationToken.None));
        Assert.Equal(1, await rows.PurgeProcessedActivitiesAsync(DateTimeOffset.UtcNow.AddMinutes(5), 100, CancellationToken.None));
        Assert.Equal(1, await rows.PurgeSettledOutboxAsync(DateTimeOffset.UtcNow.AddMinutes(5), 100, CancellationToken.None));

        Assert.Null(await storage.Outbox.GetAsync("sent", CancellationToken.None));
        Assert.NotNull(await storage.Outbox.GetAsync("pending", CancellationToken.None));
        Assert.True(await storage.ProcessedActivities.TryMarkProcessedAsync("a:conversation", "activity-1", CancellationToken.None));
    }

    [Fact]
    public async Task Timeline_rows_are_rewritten_reporter_pointer_and_conversation_removed()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var rows = new PersonalDataRows(new PrivacyTables(storage.Tables));
        var partner = TestStorage.Draft().Reporter.ObjectId;
        var issue = (await storage.Issues.CreateAsync(TestStorage.Draft(), "k1", CancellationToken.None)).Stored.Issue;
        await storage.Events.AppendAsync(issue.EventOf(IssueEventKind.NoteAdded, DemoPeople.Julien, TestStorage.Start,
            EventVisibility.PoliceOnly, "Vu M. Dupont"), CancellationToken.None);
        var timeline = await storage.Events.ListAsync(issue.Number, false, CancellationToken.None);

        var changed = await rows.RewriteEventsAsync(timeline, e => e.Kind == IssueEventKind.NoteAdded ? e with { Payload = "[anonymisé]" } : e, CancellationToken.None);
        Assert.Equal(1, changed);
        var after = await storage.Events.ListAsync(issue.Number, false, CancellationToken.None);
        Assert.Equal("[anonymisé]", after.Single(e => e.Kind == IssueEventKind.NoteAdded).Payload);
        Assert.Equal(partner, after.Single(e => e.Kind == IssueEventKind.Created).ActorObjectId);

        Assert.Single(await storage.Issues.ListByReporterAsync(partner, 10, CancellationToken.None));
        await rows.DeleteReporterPointerAsync(partner.ToUpperInvariant(), issue.Number, CancellationToken.None);
        Assert.Empty(await storage.Issues.ListByReporterAsync(partner, 10, CancellationToken.None));

        const string tenant = DemoDepartment.Tenant;
        await storage.Conversations.SaveAsync(new ConversationReference
        {
            ConversationId = "a:1personal", ServiceUrl = "https://smba.example/", TenantId = tenant, ConversationType = "personal",
            UserAadObjectId = partner, LastSeen = TestStorage.Start,
        }, CancellationToken.None);
        Assert.True(await rows.DeleteUserConversationAsync(tenant, partner, CancellationToken.None));
        Assert.False(await rows.DeleteUserConversationAsync(tenant, partner, CancellationToken.None));
        Assert.Null(await storage.Conversations.FindUserAsync(tenant, partner, CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"retention":{"anonymiseClosedIssuesAfterMonths":12}}""", 12, 7, 30)]
    [InlineData("""{"Retention":{"purgeProcessedActivitiesAfterDays":3,"purgeSettledOutboxMessagesAfterDays":10}}""", 24, 3, 10)]
    [InlineData("""{"code":"05"}""", 24, 7, 30)]
    public void The_department_file_sets_the_delays(string json, int months, int processedDays, int outboxDays)
    {
        var options = DepartmentRetention.Apply(new RetentionOptions(), json);
        Assert.Equal(months, options.AnonymiseClosedIssuesAfterMonths);
        Assert.Equal(processedDays, options.PurgeProcessedActivitiesAfterDays);
        Assert.Equal(outboxDays, options.PurgeSettledOutboxMessagesAfterDays);
    }

    [Theory]
    [InlineData("""{"retention":{"anonymiseClosedIssuesAfterMonths":0}}""", "anonymiseClosedIssuesAfterMonths")]
    [InlineData("""{"retention":{"anonymiseClosedIssuesAfterMonths":"24"}}""", "anonymiseClosedIssuesAfterMonths")]
    [InlineData("""{"retention":{"pseudonymKey":"0123456789abcdef0123456789abcdef"}}""", "pseudonymKey")]
    [InlineData("""{"retention":12}""", "retention")]
    public void A_bad_retention_section_is_refused_naming_the_field(string json, string field)
    {
        var error = Assert.Throws<FormatException>(() => DepartmentRetention.Apply(new RetentionOptions(), json));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shipped_department_file_loads_with_its_retention_section()
    {
        var path = RepoPaths.Combine("departments", "hautes-alpes.json");
        var options = DepartmentRetention.Apply(new RetentionOptions { AnonymiseClosedIssuesAfterMonths = 99 }, await File.ReadAllTextAsync(path));
        Assert.Equal(24, options.AnonymiseClosedIssuesAfterMonths);
        Assert.Equal("05", TestStorage.Directory.DepartmentCode);
    }
}

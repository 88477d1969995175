using SecuriteQuotidien.Bot.Status;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Storage.Departments;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Status;

/// <summary>The status cards and chart built from in-memory snapshots (no host).</summary>
public sealed class StatusCardsTests
{
    private static readonly DateTimeOffset Now = ParisTime.At(new DateOnly(2026, 11, 20), new TimeOnly(10, 0));
    private static readonly DepartmentDirectory Directory =
        DepartmentFileLoader.LoadAsync(RepoPaths.Combine("departments", "hautes-alpes.json"), CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>120 issues over the six sectors: answered on time, late, open overdue, due soon, paused, closed.</summary>
    private static List<IssueSnapshot> ManyIssues()
    {
        var sectors = Directory.Sectors.Select(s => s.Id).ToArray();
        var categories = Directory.Categories.Select(c => c.Id).ToArray();
        return
        [
            .. Enumerable.Range(1, 120).Select(i =>
            {
                var created = Now.AddDays(-5 - i * 2);
                var deadline = ParisTime.DateOf(created).AddDays(30);
                var answered = i % 3 == 0 ? created.AddDays(i % 2 == 0 ? 10 : 40) : (DateTimeOffset?)null;
                return new IssueSnapshot
                {
                    Number = new IssueNumber("05", 2026, i),
                    SectorId = sectors[i % sectors.Length],
                    CategoryId = categories[i % categories.Length],
                    ReporterObjectId = DemoPeople.Camille,
                    CreatedAt = created,
                    Deadline = deadline,
                    Status = i % 5 == 0 ? IssueStatus.Closed : answered is null ? IssueStatus.Acknowledged : IssueStatus.ResponseEngaged,
                    Outcome = i % 5 == 0 ? (IssueOutcome)(i % 4) : null,
                    ClosedAt = i % 5 == 0 ? created.AddDays(45) < Now ? created.AddDays(45) : Now : null,
                    FirstResponseAt = answered < Now ? answered : null,
                    PausedAt = i % 11 == 0 && i % 5 != 0 ? Now.AddDays(-1) : null,
                    Thread = new ChannelThread($"19:x@thread.tacv2;messageid={i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                };
            }),
        ];
    }

    private static StatusReport Report(StatusQueryKind kind, IReadOnlyList<IssueSnapshot> issues, StatusScope? scope = null) =>
        IndicatorCalculator.Compute(issues, new StatusQuery(kind, scope ?? StatusScope.Department,
            kind == StatusQueryKind.Summary ? StatusPeriods.ThisYear(ParisTime.DateOf(Now)) : null), Now);

    public static IReadOnlyDictionary<string, AdaptiveCard> AllVariants()
    {
        var many = ManyIssues();
        var summary = Report(StatusQueryKind.Summary, many);
        var digestQuery = new StatusQuery(StatusQueryKind.Summary, StatusScope.Department,
            new StatusPeriod(new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22), "la semaine passée"));
        var partnerScope = new StatusScope { ReporterObjectId = DemoPeople.Camille };
        return new Dictionary<string, AdaptiveCard>
        {
            ["status-summary"] = StatusCards.Summary(summary, Directory, null, StatusChart.Render(summary, Directory), followUpPartial: false),
            ["status-summary-partner"] = StatusCards.Summary(Report(StatusQueryKind.Summary, many, partnerScope), Directory,
                StatusScopePolicy.PartnerNote, null, followUpPartial: true),
            ["status-summary-empty"] = StatusCards.Summary(Report(StatusQueryKind.Summary, []), Directory, StatusScopePolicy.ReferentNote, null, false),
            ["status-overdue"] = StatusCards.Overdue(Report(StatusQueryKind.Overdue, many), Directory, null, 25),
            ["status-overdue-empty"] = StatusCards.Overdue(Report(StatusQueryKind.Overdue, []), Directory, null, 25),
            ["status-due-soon"] = StatusCards.DueSoon(Report(StatusQueryKind.DueSoon, many), Directory, StatusScopePolicy.ReferentNote, 25),
            ["status-digest"] = StatusCards.Digest(IndicatorCalculator.Compute(many, digestQuery, Now), Directory, "tout le département"),
        };
    }

    [Fact]
    public async Task Every_status_card_variant_parses_in_the_official_parser()
    {
        var verdicts = await CardValidator.ValidateAsync(AllVariants().ToDictionary(c => c.Key, c => c.Value.ToJson()));
        Assert.All(verdicts, v => Assert.True(v.Ok, $"{v.File}: {string.Join("; ", v.Errors)}"));
        Assert.Equal(7, verdicts.Count);
    }

    [Fact]
    public void The_chart_is_a_png_under_the_size_bound_even_with_every_sector()
    {
        var report = Report(StatusQueryKind.Summary, ManyIssues());
        Assert.Equal(6, report.BySector.Count);

        var png = StatusChart.Render(report, Directory)!;

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.InRange(png.Length, 1000, StatusChart.MaxBytes);
        // IHDR: width and height, big-endian, right after the signature and the chunk header.
        Assert.Equal(StatusChart.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(StatusChart.Height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    [Fact]
    public void No_chart_when_nothing_is_open_nor_due()
    {
        Assert.Null(StatusChart.Render(Report(StatusQueryKind.Summary, []), Directory));
    }

    [Fact]
    public void The_overdue_list_is_bounded_and_says_how_many_more()
    {
        var report = Report(StatusQueryKind.Overdue, ManyIssues());
        Assert.True(report.Overdue.Count > 3);

        var text = StatusCards.Overdue(report, Directory, null, 3).ToJson();

        Assert.Contains($"… et {report.Overdue.Count - 3} autres signalements", System.Text.RegularExpressions.Regex.Unescape(text), StringComparison.Ordinal);
    }

    [Fact]
    public void The_thread_link_uses_the_channel_and_the_root_post()
    {
        var link = StatusCards.ThreadLink(new ChannelThread("19:abc@thread.tacv2;messageid=1718", "1718"), "tenant-1");
        Assert.Equal("https://teams.microsoft.com/l/message/19%3Aabc%40thread.tacv2/1718?tenantId=tenant-1&parentMessageId=1718", link);
    }
}

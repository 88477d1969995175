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

    private static StatusReport Report(StatusQueryKind kind, IReadOnlyList<IssueSnapshot> issues, StatusScope? scope = null, DateTimeOffset? now = null)
    {
        var at = now ?? Now;
        return IndicatorCalculator.Compute(issues, new StatusQuery(kind, scope ?? StatusScope.Department,
            kind == StatusQueryKind.Summary ? StatusPeriods.LastWeeks(ParisTime.DateOf(at)) : null), at);
    }

    public static IReadOnlyDictionary<string, AdaptiveCard> AllVariants()
    {
        var many = ManyIssues();
        var summary = Report(StatusQueryKind.Summary, many);
        // On 8 January the default period is still 12 weeks long, and says so.
        var january = Report(StatusQueryKind.Summary, many, now: ParisTime.At(new DateOnly(2027, 1, 8), new TimeOnly(9, 0)));
        var digestQuery = new StatusQuery(StatusQueryKind.Summary, StatusScope.Department,
            new StatusPeriod(new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22), "la semaine du 16 au 22 novembre 2026"));
        var partnerScope = new StatusScope { ReporterObjectId = DemoPeople.Camille };
        var gap = new StatusScope { SectorIds = ["gap-hyper-centre"] };
        return new Dictionary<string, AdaptiveCard>
        {
            ["status-summary"] = StatusCards.Summary(summary, Directory, null, StatusCharts.Of(summary, Directory), followUpPartial: false),
            ["status-summary-january"] = StatusCards.Summary(january, Directory, null, StatusCharts.Of(january, Directory), followUpPartial: false),
            ["status-summary-partner"] = StatusCards.Summary(Report(StatusQueryKind.Summary, many, partnerScope), Directory,
                StatusScopePolicy.PartnerNote, StatusCharts.None, followUpPartial: true),
            ["status-summary-empty"] = StatusCards.Summary(Report(StatusQueryKind.Summary, []), Directory, StatusScopePolicy.ReferentNote, StatusCharts.None, false),
            ["status-overdue"] = StatusCards.Overdue(Report(StatusQueryKind.Overdue, many), Directory, null, 25),
            ["status-overdue-one"] = StatusCards.Overdue(Report(StatusQueryKind.Overdue, [.. many.Where(i => i.Number.Sequence == 119)]), Directory, null, 25),
            ["status-overdue-empty"] = StatusCards.Overdue(Report(StatusQueryKind.Overdue, []), Directory, null, 25),
            ["status-due-soon"] = StatusCards.DueSoon(Report(StatusQueryKind.DueSoon, many), Directory, StatusScopePolicy.ReferentNote, 25),
            ["status-digest"] = StatusCards.Digest(IndicatorCalculator.Compute(many, digestQuery, Now), Directory, "tout le département (Hautes-Alpes)"),
            ["status-digest-sector"] = StatusCards.Digest(IndicatorCalculator.Compute(many, digestQuery with { Scope = gap }, Now), Directory, "Gap – hyper-centre"),
        };
    }

    [Fact]
    public async Task Every_status_card_variant_parses_in_the_official_parser()
    {
        var verdicts = await CardValidator.ValidateAsync(AllVariants().ToDictionary(c => c.Key, c => c.Value.ToJson()));
        Assert.All(verdicts, v => Assert.True(v.Ok, $"{v.File}: {string.Join("; ", v.Errors)}"));
        Assert.Equal(10, verdicts.Count);
    }

    [Fact]
    public void The_charts_are_pngs_under_the_size_bound_even_with_every_sector()
    {
        var report = Report(StatusQueryKind.Summary, ManyIssues());
        Assert.Equal(6, report.BySector.Count);

        var charts = StatusCharts.Of(report, Directory);

        foreach (var png in new[] { charts.Trend!, charts.Sectors! })
        {
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.InRange(png.Length, 1000, StatusChart.MaxBytes);
            // IHDR: the width, big-endian, right after the signature and the chunk header.
            Assert.Equal(StatusChart.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        }
        Assert.Equal(StatusChart.TrendHeight, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(charts.Trend!.AsSpan(20, 4)));
    }

    [Fact]
    public void No_chart_when_nothing_is_open_nor_happened()
    {
        var report = Report(StatusQueryKind.Summary, []);
        Assert.Equal(StatusCharts.None, StatusCharts.Of(report, Directory));
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
    public void Each_late_issue_says_its_status_place_delay_and_referent_and_opens_the_issue_even_without_a_thread()
    {
        var late = ManyIssues().Single(i => i.Number.Sequence == 119) with { Thread = null, SiteId = "gap-residence-les-cedres-hall-a" };
        var report = Report(StatusQueryKind.Overdue, [late]);

        var card = System.Text.Json.Nodes.JsonNode.Parse(StatusCards.Overdue(report, Directory, null, 25).ToJson())!;

        var line = card["body"]!.AsArray().Single(e => e!["selectAction"] is not null)!;
        var open = line["selectAction"]!;
        Assert.Equal("Action.Execute", open["type"]!.GetValue<string>());
        Assert.Equal(SecuriteQuotidien.Bot.Turns.ActionIds.Issue.Refresh, open["verb"]!.GetValue<string>());
        Assert.Equal("""{"secteur":"briancon-forte-densite","numero":"05-2026-0119"}""", open["data"]!.ToJsonString());
        var text = CardClient.AllText(line);
        Assert.Contains($"{report.Overdue[0].Days} jours de retard", text, StringComparison.Ordinal);
        Assert.Contains("pris en compte", text, StringComparison.Ordinal);
        Assert.Contains("Briançon – zones à forte densité de population", text, StringComparison.Ordinal);
        Assert.Contains(Directory.FindSite("gap-residence-les-cedres-hall-a")!.Name, text, StringComparison.Ordinal);
        var referent = Directory.FindStaff(Directory.FindSector("briancon-forte-densite")!.ReferentObjectId)!.DisplayName;
        Assert.Contains($"référent : {referent}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_period_on_8_january_is_the_last_12_weeks_and_the_card_names_it()
    {
        var january = ParisTime.At(new DateOnly(2027, 1, 8), new TimeOnly(9, 0));
        var report = Report(StatusQueryKind.Summary, ManyIssues(), now: january);

        var text = CardClient.AllText(System.Text.Json.Nodes.JsonNode.Parse(StatusCards.Summary(report, Directory, null, StatusCharts.None, false).ToJson())!);

        Assert.Contains("période : les 12 dernières semaines (du 19 octobre 2026 au 8 janvier 2027)", text, StringComparison.Ordinal);
        Assert.Equal(12, report.Trend.Count);
        Assert.Equal(new DateOnly(2026, 10, 19), report.Trend[0].Monday);
    }
}

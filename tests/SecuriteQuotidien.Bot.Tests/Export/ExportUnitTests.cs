using ClosedXML.Excel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Export;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Storage.Exports;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Export;

/// <summary>The workbook writer, the link signer, the card variants and the start-up rules, without a host.</summary>
public sealed class ExportUnitTests
{
    private static readonly DateTimeOffset Now = ExportHost.DataSetDay;

    private static ExportRow Row(string number, string description, string? note = null) => new()
    {
        Number = number,
        CreatedOn = new DateOnly(2026, 11, 2),
        Sector = "Gap – hyper-centre",
        Category = "Incivilités",
        Site = "@place Jean-Marcellin",
        Description = description,
        Organisation = "-Résidence",
        Status = "Nouveau",
        Paused = false,
        Deadline = new DateOnly(2026, 12, 2),
        PoliceNote = note,
    };

    private static ExportContent Content(IReadOnlyList<ExportRow> rows, bool forPolice, int? available = null, string? note = null)
    {
        var query = new StatusQuery(StatusQueryKind.Summary, StatusScope.Department, StatusPeriods.ThisYear(new DateOnly(2026, 11, 20)));
        return new ExportContent
        {
            ScopeLabel = "tout le département (Hautes-Alpes)",
            PeriodLabel = query.Period!.Label,
            GeneratedAt = Now,
            ForPolice = forPolice,
            Rows = rows,
            RowsAvailable = available ?? rows.Count,
            Report = IndicatorCalculator.Compute([], query, Now),
            FollowUpPartial = available is not null,
            SectorName = id => id,
            CategoryName = id => id,
            Note = note,
        };
    }

    [Theory]
    [InlineData("=1+2")]
    [InlineData("=cmd|' /C calc'!A0")]
    [InlineData("+33 6 12 34 56 78")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A2)")]
    [InlineData("0042")]
    [InlineData("12/10/2026")]
    public void Text_is_written_as_text_never_as_a_formula_a_number_or_a_date(string text)
    {
        var bytes = ExportWorkbook.Build(Content([Row("05-2026-0001", text, note: text)], forPolice: true));

        using var workbook = new ExportedWorkbook(bytes);
        var row = Assert.Single(workbook.IssueRows);
        foreach (var cell in new[] { row["Description"], row["Note police (non visible des partenaires)"] })
        {
            Assert.False(cell.HasFormula);
            Assert.Equal(XLDataType.Text, cell.DataType);
            Assert.Equal(text, cell.GetString());
        }
        Assert.Equal("@place Jean-Marcellin", row["Lieu"].GetString());
        Assert.True(row["Lieu"].Style.IncludeQuotePrefix);
        Assert.DoesNotContain("<x:f>", workbook.RawXml(), StringComparison.Ordinal);
        Assert.DoesNotContain("<f>", workbook.RawXml(), StringComparison.Ordinal);
        Assert.Empty(workbook.ValidationErrors());
    }

    [Fact]
    public void A_partners_workbook_has_no_police_column_even_if_a_row_carried_a_note()
    {
        var bytes = ExportWorkbook.Build(Content([Row("05-2026-0001", "Tapage", note: "secret police")], forPolice: false));

        using var workbook = new ExportedWorkbook(bytes);
        Assert.Equal(16, workbook.IssueHeaders.Count);
        Assert.DoesNotContain("secret police", workbook.RawXml(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_list_says_so_under_the_rows_and_an_empty_export_is_still_a_valid_workbook()
    {
        using var cut = new ExportedWorkbook(ExportWorkbook.Build(Content([Row("05-2026-0002", "Tapage")], forPolice: true, available: 12)));
        Assert.Single(cut.IssueRows);
        Assert.StartsWith("Liste limitée aux 1 signalements les plus récents sur 12", cut.Issues.Cell(4, 1).GetString(), StringComparison.Ordinal);

        using var empty = new ExportedWorkbook(ExportWorkbook.Build(Content([], forPolice: true)));
        Assert.Empty(empty.IssueRows);
        Assert.Equal(0, empty.IndicatorRow("Total", "tout le département (Hautes-Alpes)")["Signalements"].GetValue<int>());
        Assert.Empty(empty.ValidationErrors());
    }

    [Fact]
    public void The_largest_list_with_long_descriptions_fits_in_the_store()
    {
        // 300-character descriptions of shuffled words: about as compressible as real French text.
        var random = new Random(42);
        string[] words = [.. "regroupements bruyants dégradations hall soir entrée parking vitres brisées tapage nocturne jeunes scooters rodéos trafic allées venues boîtes aux lettres ascenseur caméras locataires gardien menaces insultes commerce vol étalage sortie école arrêt bus stationnement gênant trottoir déchets incendie poubelles local vélos cave squat porte forcée digicode".Split(' ')];
        string Description() => string.Join(' ', Enumerable.Range(0, 300).Select(_ => words[random.Next(words.Length)]))[..300];
        var rows = Enumerable.Range(1, new ExportOptions().MaxRows)
            .Select(i => Row($"05-2026-{i:D5}", Description(), note: "Patrouille de nuit prévue.")).ToList();

        var bytes = ExportWorkbook.Build(Content(rows, forPolice: true));

        Assert.InRange(bytes.Length, 100_000, IExportStore.MaxBytes);
    }

    [Fact]
    public void The_signature_binds_purpose_export_requester_and_expiry()
    {
        var signer = new ExportLinkSigner(ExportHost.SigningKey);
        var expiry = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var signature = signer.Sign(ExportLinkSigner.ExportPurpose, "20261120-abc", DemoPeople.Commissioner, expiry);

        Assert.True(signer.Verify(ExportLinkSigner.ExportPurpose, "20261120-abc", DemoPeople.Commissioner.ToUpperInvariant(), expiry, signature));
        Assert.False(signer.Verify("rapport", "20261120-abc", DemoPeople.Commissioner, expiry, signature));
        Assert.False(signer.Verify(ExportLinkSigner.ExportPurpose, "20261120-abd", DemoPeople.Commissioner, expiry, signature));
        Assert.False(signer.Verify(ExportLinkSigner.ExportPurpose, "20261120-abc", DemoPeople.GapReferent, expiry, signature));
        Assert.False(signer.Verify(ExportLinkSigner.ExportPurpose, "20261120-abc", DemoPeople.Commissioner, expiry.AddSeconds(1), signature));
        Assert.False(signer.Verify(ExportLinkSigner.ExportPurpose, "20261120-abc", DemoPeople.Commissioner, expiry, "%%%"));
        Assert.False(new ExportLinkSigner(ExportHost.SigningKey + "x")
            .Verify(ExportLinkSigner.ExportPurpose, "20261120-abc", DemoPeople.Commissioner, expiry, signature));
        Assert.Throws<ArgumentException>(() => new ExportLinkSigner("trop-court"));
    }

    [Fact]
    public async Task Every_export_card_variant_parses_in_the_official_parser()
    {
        const string link = "https://bot.example.test/exports/20261120-AAAAAAAAAAAAAAAAAAAAAA?exp=1795171500&sig=abc";
        var variants = new Dictionary<string, AdaptiveCard>
        {
            ["export-police"] = ExportCards.Ready("Signalements et indicateurs 2026-11-20 10h00.xlsx", Content([Row("05-2026-0001", "x")], true), Now, link),
            ["export-partner"] = ExportCards.Ready("Signalements et indicateurs 2026-11-20 10h00.xlsx",
                Content([Row("05-2026-0001", "x")], false, note: StatusScopePolicy.PartnerNote), Now, link),
            ["export-cut"] = ExportCards.Ready("Signalements et indicateurs 2026-11-20 10h00.xlsx",
                Content([Row("05-2026-0001", "x")], true, available: 12_000, note: StatusScopePolicy.ReferentNote), Now, link),
        };

        var verdicts = await CardValidator.ValidateAsync(variants.ToDictionary(v => v.Key, v => v.Value.ToJson()));

        Assert.Equal(3, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.Ok, $"{v.File}: {string.Join("; ", v.Errors)}"));
        var wording = CardWording.ProblemsOf(variants);
        Assert.True(wording.Length == 0, wording);
        var cut = ExportHost.Facts(System.Text.Json.Nodes.JsonNode.Parse(variants["export-cut"].ToJson())!)["Signalements"];
        Assert.Equal("1 sur 12\u202f000 (liste limitée)", cut);
    }

    [Theory]
    [InlineData("trop-court", "https://bot.example.test", "Export:SigningKey")]
    [InlineData(ExportHost.SigningKey, null, "Export:PublicBaseUrl")]
    public void Outside_Development_start_up_fails_with_a_short_signing_key_or_without_a_public_address(string? key, string? baseUrl, string named)
    {
        using var services = Services("Production", key, baseUrl);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ExportOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_signing_key_setting_is_needed_and_sign_in_is_off_unless_configured()
    {
        using var production = Services("Production", null, "https://bot.example.test");
        var settings = production.GetRequiredService<IOptions<ExportOptions>>().Value;
        Assert.Null(settings.SigningKey);
        Assert.False(settings.SignIn.IsConfigured);

        using var development = Services("Development", null, null);
        Assert.Equal(ExportServiceCollectionExtensions.DevelopmentBaseUrl, development.GetRequiredService<IOptions<ExportOptions>>().Value.PublicBaseUrl);
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/t/v2.0", "t", "c", true)]
    [InlineData("http://127.0.0.1:5000/t/v2.0", "t", "c", true)]
    [InlineData(null, null, null, true)]
    [InlineData("http://login.example.test/t/v2.0", "t", "c", false)]
    [InlineData("https://login.microsoftonline.com/t/v2.0", null, "c", false)]
    [InlineData("https://login.microsoftonline.com/t/v2.0", "t", null, false)]
    [InlineData(null, "t", "c", false)]
    public void Export_sign_in_settings_go_together_over_https(string? authority, string? tenant, string? client, bool valid)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Export:PublicBaseUrl"] = "https://bot.example.test",
            ["Export:SignIn:Authority"] = authority,
            ["Export:SignIn:TenantId"] = tenant,
            ["Export:SignIn:ClientId"] = client,
        }).Build();
        var services = new ServiceCollection();
        services.AddExport(configuration, new HostingEnvironment { EnvironmentName = "Production" });
        using var provider = services.BuildServiceProvider();

        if (valid)
        {
            Assert.Equal(authority is not null, provider.GetRequiredService<IOptions<ExportOptions>>().Value.SignIn.IsConfigured);
        }
        else
        {
            var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ExportOptions>>().Value);
            Assert.Contains("Export:SignIn", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void On_App_Service_the_public_address_comes_from_the_site_host_name()
    {
        using var services = Services("Production", ExportHost.SigningKey, null, "sq05-abc.azurewebsites.net");

        Assert.Equal(new Uri("https://sq05-abc.azurewebsites.net"), services.GetRequiredService<IOptions<ExportOptions>>().Value.PublicBaseUrl);
    }

    private static ServiceProvider Services(string environment, string? key, string? baseUrl, string? siteHostName = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Export:SigningKey"] = key,
            ["Export:PublicBaseUrl"] = baseUrl,
            ["WEBSITE_HOSTNAME"] = siteHostName,
        }).Build();
        var services = new ServiceCollection();
        services.AddExport(configuration, new HostingEnvironment { EnvironmentName = environment });
        return services.BuildServiceProvider();
    }
}

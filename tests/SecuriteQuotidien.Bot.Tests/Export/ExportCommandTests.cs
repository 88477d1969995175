using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Web;
using ClosedXML.Excel;
using SecuriteQuotidien.Bot.Export;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Testing;

using SecuriteQuotidien.Bot.Turns;

namespace SecuriteQuotidien.Bot.Tests.Export;

/// <summary>`export` typed in the personal chat or a channel, and the download link, over the data set of <see cref="ExportHost"/>.</summary>
public sealed class ExportCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private ExportHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ExportHost.StartAsync(azurite);
        await _host.SeedAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(ConnectorRequest Reply, ExportedWorkbook Workbook)> ExportAsync(string text, string objectId = DemoPeople.Commissioner)
    {
        var reply = await _host.AskAsync(text, objectId);
        using var response = await _host.DownloadAsync(ExportHost.LinkOf(reply));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (reply, new ExportedWorkbook(await response.Content.ReadAsByteArrayAsync()));
    }

    private static string Number(int sequence) => $"05-2026-{sequence:D4}";

    [Fact]
    public async Task Every_export_is_an_audit_event_naming_the_requester_and_what_was_asked()
    {
        await _host.AskAsync("export Briançon");

        var today = SecuriteQuotidien.Domain.Calendar.ParisTime.DateOf(ExportHost.DataSetDay);
        var page = await _host.Services.GetRequiredService<IAuditTrail>().ListAsync(today, today, 100, CancellationToken.None);
        var export = Assert.Single(page.Events, e => e.Action == AuditAction.Export);
        Assert.Equal(DemoPeople.Commissioner, export.ActorObjectId);
        // The words as the command received them (normalised), and the rows the workbook holds.
        Assert.Matches(@"^briancon \(\d+ lignes\)$", export.Detail);
    }

    [Fact]
    public async Task The_link_downloads_the_workbook_once_with_its_French_file_name_then_answers_410()
    {
        var reply = await _host.AskAsync("export");

        Assert.Contains(ExportMessages.Title, CardClient.AllText(reply.Card!), StringComparison.Ordinal);
        var facts = ExportHost.Facts(reply.Card!);
        Assert.Equal("Signalements et indicateurs 2026-11-20 10h00.xlsx", facts["Fichier"]);
        Assert.Equal("10:15, une seule fois", facts["Lien valable jusqu'à"]);
        Assert.Equal("tout le département (Hautes-Alpes)", facts["Périmètre"]);
        var link = ExportHost.LinkOf(reply);
        Assert.Equal("https://bot.example.test", link.GetLeftPart(UriPartial.Authority));
        Assert.Matches("^/exports/20261120-[A-Za-z0-9_-]{22}$", link.AbsolutePath);
        Assert.Equal(ExportHost.DataSetDay.AddMinutes(15).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            HttpUtility.ParseQueryString(link.Query)["exp"]);

        using var first = await _host.DownloadAsync(link);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(ExportWorkbook.ContentType, first.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Signalements et indicateurs 2026-11-20 10h00.xlsx", first.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("no-store", first.Headers.CacheControl?.ToString());
        using var workbook = new ExportedWorkbook(await first.Content.ReadAsByteArrayAsync());
        Assert.Equal([ExportWorkbook.IssuesSheet, ExportWorkbook.IndicatorsSheet], workbook.SheetNames);

        using var second = await _host.DownloadAsync(link);
        Assert.Equal(HttpStatusCode.Gone, second.StatusCode);
        Assert.Equal(ExportEndpoint.UsedText, await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_commissioners_workbook_lists_the_issues_of_the_year_with_the_police_note_and_passes_the_OpenXml_validator()
    {
        var (reply, workbook) = await ExportAsync("export");
        using var _ = workbook;

        Assert.Equal("7", ExportHost.Facts(reply.Card!)["Signalements"]);
        Assert.Equal("6 lignes (total, secteurs, catégories)", ExportHost.Facts(reply.Card!)["Indicateurs"]);
        var rows = workbook.IssueRows;
        Assert.Equal([1, 2, 3, 4, 5, 6, 8], rows.Select(r => int.Parse(r["Numéro"].GetString()[^4..], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("Note police (non visible des partenaires)", workbook.IssueHeaders);

        var first = rows[0];
        Assert.Equal(Number(1), first["Numéro"].GetString());
        Assert.Equal(new DateTime(2026, 9, 1), first["Créé le"].GetDateTime());
        Assert.Equal("Gap – hyper-centre", first["Secteur"].GetString());
        Assert.Equal("Incivilités", first["Catégorie"].GetString());
        Assert.Equal("+12 rue de la Paix (hall B)", first["Lieu"].GetString());
        Assert.Equal("Résidence Les Cèdres (syndic fictif)", first["Organisation"].GetString());
        Assert.Equal("Réponse ciblée engagée", first["Statut"].GetString());
        Assert.Equal(new DateTime(2026, 10, 1), first["Échéance"].GetDateTime());
        Assert.True(first["Jours de retard"].IsEmpty());
        Assert.Equal("Patrouille ciblée", first["Type de réponse ciblée"].GetString());
        Assert.Equal(new DateTime(2026, 9, 20), first["Date de la réponse"].GetDateTime());
        Assert.Equal(ExportHost.PoliceNote, first["Note police (non visible des partenaires)"].GetString());

        var closed = rows[1];
        Assert.Equal("Médiation", closed["Type de réponse ciblée"].GetString());
        Assert.Equal(new DateTime(2026, 10, 30), closed["Clos le"].GetDateTime());
        Assert.Equal("Résolu", closed["Issue"].GetString());
        Assert.Equal("Oui", closed["Le problème persiste-t-il ?"].GetString());
        Assert.Equal(36, rows[2]["Jours de retard"].GetValue<int>());
        Assert.Equal(20, rows[3]["Jours de retard"].GetValue<int>());
        Assert.True(rows[3]["Type de réponse ciblée"].IsEmpty());
        Assert.Equal("Trafic de stupéfiants", rows[5]["Catégorie"].GetString());
        Assert.Equal("Opération de police", rows[6]["Type de réponse ciblée"].GetString());

        Assert.Empty(workbook.ValidationErrors());
    }

    [Fact]
    public async Task User_text_that_looks_like_a_formula_is_stored_as_text()
    {
        var (_, workbook) = await ExportAsync("export");
        using var _w = workbook;

        var descriptions = workbook.IssueRows.ToDictionary(r => r["Numéro"].GetString(), r => r["Description"]);
        foreach (var (number, expected) in new[] { (1, ExportHost.FormulaDescription), (2, ExportHost.MinusDescription), (4, ExportHost.AtDescription) })
        {
            var cell = descriptions[Number(number)];
            Assert.False(cell.HasFormula, expected);
            Assert.Equal(XLDataType.Text, cell.DataType);
            Assert.Equal(expected, cell.GetString());
            Assert.True(cell.Style.IncludeQuotePrefix, expected);
        }
        Assert.DoesNotContain("<x:f>", workbook.RawXml(), StringComparison.Ordinal);
        Assert.DoesNotContain("<f>", workbook.RawXml(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_indicators_sheet_has_the_card_figures_and_the_national_GPO_counts()
    {
        var (_, workbook) = await ExportAsync("export");
        using var _w = workbook;

        // Hand-computed over 2026 (see ExportHost.SeedAsync): 0007 is of 2025.
        var total = workbook.IndicatorRow("Total", "tout le département (Hautes-Alpes)");
        Assert.Equal(7, total["Problèmes identifiés"].GetValue<int>());
        Assert.Equal(1, total["Problèmes résolus"].GetValue<int>());
        Assert.Equal(8, total["Signalements"].GetValue<int>());
        Assert.Equal(6, total["Ouverts"].GetValue<int>());
        Assert.Equal(2, total["En retard"].GetValue<int>());
        Assert.Equal(1, total["Échéance sous 7 jours"].GetValue<int>());
        Assert.Equal(1, total["Clos"].GetValue<int>());
        Assert.Equal(1, total["Clos : résolu"].GetValue<int>());
        // Deadlines in 2026 and judged: 0001 (met), 0002 (late), 0003 and 0004 (open, overdue), 0008 (met).
        Assert.Equal(2, total["Réponses dans les délais"].GetValue<int>());
        Assert.Equal(5, total["Échéances jugées"].GetValue<int>());
        Assert.Equal(0.4, total["Part dans les délais"].GetValue<double>(), 6);
        // 19, 32 and 26 days from creation to the first response.
        Assert.Equal(26, total["Délai médian de première réponse (jours)"].GetValue<double>());
        Assert.Equal(3, total["Réponses mesurées"].GetValue<int>());
        Assert.Equal(1, total["Suivi : oui"].GetValue<int>());

        var gap = workbook.IndicatorRow("Secteur", "Gap – hyper-centre");
        Assert.Equal(5, gap["Signalements"].GetValue<int>());
        Assert.Equal(4, gap["Problèmes identifiés"].GetValue<int>());
        Assert.Equal(2, gap["Réponses dans les délais"].GetValue<int>());
        Assert.Equal(4, gap["Échéances jugées"].GetValue<int>());
        Assert.Equal("non significatif", gap["Part dans les délais"].GetString());
        var briancon = workbook.IndicatorRow("Secteur", "Briançon – hyper-centre");
        Assert.Equal(2, briancon["Ouverts"].GetValue<int>());
        Assert.Equal(1, briancon["En retard"].GetValue<int>());
        var drugs = workbook.IndicatorRow("Catégorie", "Trafic de stupéfiants");
        Assert.Equal(1, drugs["Échéance sous 7 jours"].GetValue<int>());
        Assert.Equal(1, drugs["Problèmes identifiés"].GetValue<int>());
        Assert.Equal(3 + 2, workbook.IndicatorRows.Count(r => r["Niveau"].GetString() != "Total"));
        Assert.Contains("les 12 dernières semaines (du 31 août au 20 novembre 2026)", workbook.Indicators.Cell(3, 2).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partners_export_has_only_their_own_issues_and_no_police_note()
    {
        var (reply, workbook) = await ExportAsync("export", DemoPeople.Camille);
        using var _w = workbook;

        Assert.Contains(StatusScopePolicy.PartnerNote, CardClient.AllText(reply.Card!), StringComparison.Ordinal);
        Assert.Equal([Number(1), Number(2), Number(3), Number(8)], workbook.IssueRows.Select(r => r["Numéro"].GetString()));
        Assert.DoesNotContain(workbook.IssueHeaders, h => h.Contains("police", StringComparison.OrdinalIgnoreCase));
        var raw = workbook.RawXml();
        Assert.DoesNotContain(ExportHost.PoliceNote, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Habitat Alpin", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(Number(4), raw, StringComparison.Ordinal);
        Assert.Equal(4, workbook.IndicatorRow("Total", "vos signalements")["Signalements"].GetValue<int>());
        Assert.Equal("Patrouille ciblée", workbook.IssueRows[0]["Type de réponse ciblée"].GetString());
    }

    [Fact]
    public async Task A_sector_and_a_period_narrow_the_export_like_point()
    {
        var (reply, workbook) = await ExportAsync("exporter Briançon ce mois");
        using var _w = workbook;

        // November 2026 in Briançon: 0004 (open, overdue) and 0005 (created 1 Nov).
        Assert.Equal([Number(4), Number(5)], workbook.IssueRows.Select(r => r["Numéro"].GetString()));
        Assert.Equal(1, workbook.IndicatorRow("Total", "Briançon")["Problèmes identifiés"].GetValue<int>());
        Assert.Contains("Briançon", CardClient.AllText(reply.Card!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_link_expires_after_its_lifetime()
    {
        var reply = await _host.AskAsync("export");
        _host.Time.Advance(TimeSpan.FromMinutes(15));

        using var response = await _host.DownloadAsync(ExportHost.LinkOf(reply));

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal(ExportEndpoint.ExpiredText, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_tampered_link_or_a_signature_for_another_purpose_gets_403_and_leaves_the_link_usable()
    {
        var link = ExportHost.LinkOf(await _host.AskAsync("export"));
        var other = ExportHost.LinkOf(await _host.AskAsync("export"));
        var query = HttpUtility.ParseQueryString(link.Query);
        var id = link.AbsolutePath["/exports/".Length..];
        var exp = long.Parse(query["exp"]!, System.Globalization.CultureInfo.InvariantCulture);
        var signer = new ExportLinkSigner(ExportHost.SigningKey);

        Uri With(string path, long expiry, string signature) => new($"https://bot.example.test{path}?exp={expiry}&sig={signature}");
        var forged = new[]
        {
            With(link.AbsolutePath, exp, query["sig"]![..^2] + (query["sig"]![^2] == 'A' ? "BB" : "AA")),
            With(link.AbsolutePath, exp + 3600, query["sig"]!),
            With(other.AbsolutePath, exp, query["sig"]!),
            With(link.AbsolutePath, exp, signer.Sign("rapport", id, DemoPeople.Commissioner, DateTimeOffset.FromUnixTimeSeconds(exp))),
            With(link.AbsolutePath, exp, signer.Sign(ExportLinkSigner.ExportPurpose, id, DemoPeople.GapReferent, DateTimeOffset.FromUnixTimeSeconds(exp))),
            With(link.AbsolutePath, exp, "pas-une-signature!"),
            new Uri($"https://bot.example.test{link.AbsolutePath}"),
        };
        foreach (var uri in forged)
        {
            using var refused = await _host.DownloadAsync(uri);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(ExportEndpoint.ForbiddenText, await refused.Content.ReadAsStringAsync());
        }

        using var genuine = await _host.DownloadAsync(link);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
    }

    [Fact]
    public async Task An_unknown_export_gets_404()
    {
        foreach (var path in new[] { "/exports/20261120-AAAAAAAAAAAAAAAAAAAAAA?exp=1&sig=x", "/exports/..%2F..%2Fetc?exp=1&sig=x", "/exports/x" })
        {
            using var response = await _host.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Someone_unknown_to_the_directory_gets_no_export()
    {
        var reply = await _host.AskAsync("export", DemoPeople.Stranger);

        Assert.Null(reply.Card);
        Refusals.AssertRefused(reply.Text);
    }

    [Fact]
    public async Task An_unknown_place_gets_suggestions_of_export_requests()
    {
        var reply = await _host.AskAsync("export Marseille");

        Assert.Null(reply.Card);
        Assert.Contains("Essayez par exemple : « export", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asked_in_a_channel_the_card_goes_to_the_personal_chat_and_the_thread_only_hears_so()
    {
        await _host.AskAsync("aide", DemoPeople.GapReferent);

        var posts = await _host.MentionAsync("export", DemoPeople.GapReferent, expected: 2);

        var threadReply = posts.Single(p => p.Card is null);
        Assert.Equal(TurnKernel.AnsweredInPrivate, threadReply.Text);
        Assert.Contains("gap-hyper-centre", Uri.UnescapeDataString(threadReply.Path), StringComparison.Ordinal);
        var card = posts.Single(p => p.Card is not null);
        Assert.Contains(ExportMessages.Title, CardClient.AllText(card.Card!), StringComparison.Ordinal);
        Assert.Contains(TeamsActivities.PersonalChatOf(DemoPeople.GapReferent), Uri.UnescapeDataString(card.Path), StringComparison.Ordinal);
        // The referent sees their sectors by default, as with « point ».
        Assert.Contains(StatusScopePolicy.ReferentNote, CardClient.AllText(card.Card!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asked_in_a_channel_by_someone_without_a_personal_chat_the_thread_says_how_to_get_it()
    {
        var posts = await _host.MentionAsync("export", DemoPeople.Commissioner, expected: 1);

        Assert.Equal(TurnKernel.PrivateAnswerNeedsPersonalChat, Assert.Single(posts).Text);
    }
}

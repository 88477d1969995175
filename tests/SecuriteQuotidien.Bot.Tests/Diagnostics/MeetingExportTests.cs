using System.Net;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Diagnostics;
using SecuriteQuotidien.Bot.Export;
using SecuriteQuotidien.Bot.Meetings;
using SecuriteQuotidien.Bot.Tests.Export;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;
using static SecuriteQuotidien.Testing.DemoPeople;

namespace SecuriteQuotidien.Bot.Tests.Diagnostics;

/// <summary>
/// "Exporter (Excel)" on the agenda and minutes cards and `ordre du jour export`, over a data set holding a police-only
/// note, a police-owned action with a confidential text and a « trafic de stupéfiants » issue, each with a unique marker.
/// </summary>
public sealed class MeetingExportTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string PoliceNoteMarker = "MARQUEUR-NOTE-POLICE-7F3C";
    private const string PoliceActionMarker = "MARQUEUR-ACTION-POLICE-9B1D";
    private const string MinutesNoteMarker = "MARQUEUR-CR-NOTE-4E2A";
    private const string MinutesPoliceActionMarker = "MARQUEUR-CR-ACTION-POLICE-1C8F";
    private const string MinutesRestrictedMarker = "MARQUEUR-CR-STUPS-6D0B";
    private const string FormulaText = "=HYPERLINK(\"http://evil.example\",\"x\")";

    private DiagnosticHost _host = null!;
    private DataSet _data = null!;

    private sealed record DataSet(Issue Recent, Issue Overdue, Issue Closed, Issue Restricted, Diagnostic Diagnostic);

    /// <summary>A downloaded workbook, opened, with every text stored in its parts (properties included).</summary>
    private sealed record Exported(XLWorkbook Workbook, string RawXml) : IDisposable
    {
        public IXLWorksheet Worksheet(string name) => Workbook.Worksheet(name);

        public void Dispose() => Workbook.Dispose();
    }

    public async Task InitializeAsync()
    {
        _host = await DiagnosticHost.StartAsync(azurite);
        var recent = await _host.SeedPastIssueAsync(daysAgo: 3);
        var overdue = await _host.SeedPastIssueAsync("vols", "gap-rue-carnot", daysAgo: 60, shape: i => i with { Deadline = _host.Today.AddDays(-30) });
        var closed = await _host.SeedPastIssueAsync("incivilites", "gap-rue-de-france", daysAgo: 40, shape: i => i with
        {
            Status = IssueStatus.Closed, Outcome = IssueOutcome.Resolved, FirstResponseAt = _host.Now.AddDays(-5), ClosedAt = _host.Now.AddDays(-2),
        });
        var restricted = await _host.SeedPastIssueAsync("trafic-stupefiants", daysAgo: 2);
        await _host.Events.AppendAsync(recent.EventOf(IssueEventKind.NoteAdded, GapReferent, _host.Now, EventVisibility.PoliceOnly,
            PoliceNoteMarker), CancellationToken.None);

        var diagnostic = await _host.OpenAsync("Hall A", recent);
        await _host.AddActionAsync(diagnostic, "Changer la serrure", PartnerOrganisation, _host.Today.AddDays(10));
        // Late actions cannot be typed in the form (due date from today): written through the repository.
        var referent = DiagnosticService.ActorOf(GapReferent, _host.Directory.RolesOf(GapReferent));
        await _host.Diagnostics.ApplyAsync(DemoDepartment.GapCentre, diagnostic.Number,
            d => d.AddAction(referent, d.Version, _host.Now, PoliceActionMarker, DiagnosticAction.PoliceOwner, _host.Today.AddDays(-3)), CancellationToken.None);
        await _host.Diagnostics.ApplyAsync(DemoDepartment.GapCentre, diagnostic.Number,
            d => d.AddAction(referent, d.Version, _host.Now, FormulaText, OtherPartnerOrganisation, _host.Today.AddDays(-5)), CancellationToken.None);
        _data = new DataSet(recent, overdue, closed, restricted, await _host.ReadAsync(diagnostic));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_police_agenda_workbook_lists_each_section_as_typed_rows_with_late_flags_and_police_notes()
    {
        var agenda = (JsonObject)(await _host.SayInChannelAsync("ordre du jour")).Card!;
        var button = CardClient.Button(agenda, ActionIds.Meeting.AgendaExport);
        Assert.Null(button["data"]![MeetingFields.PartnerSafe]);

        using var workbook = await ExportAsync(GapReferent, (JsonObject)button["data"]!.DeepClone());

        Assert.Equal([MeetingExportWorkbook.AgendaSheet, MeetingExportWorkbook.DiagnosticsSheet, MeetingExportWorkbook.ActionsSheet],
            workbook.Workbook.Worksheets.Select(w => w.Name));
        var rows = Rows(workbook.Worksheet(MeetingExportWorkbook.AgendaSheet), MeetingExportWorkbook.TableHeaderRow);
        Assert.Equal(
            [("Nouveau", _data.Recent.Number), ("Nouveau", _data.Restricted.Number), ("En retard", _data.Overdue.Number), ("Clos", _data.Closed.Number)],
            rows.Select(r => (r["Rubrique"].GetString(), IssueNumber.Parse(r["Numéro"].GetString()))));
        Assert.Equal("Trafic de stupéfiants", rows[1]["Catégorie"].GetString());
        var late = rows.Single(r => r["Rubrique"].GetString() == "En retard");
        Assert.Equal(30, late["Jours de retard"].GetValue<int>());
        Assert.Equal(_host.Today.AddDays(-30).ToDateTime(TimeOnly.MinValue), late["Échéance"].GetDateTime());
        Assert.Equal(("Gap – hyper-centre", "Vols et cambriolages", "Rue Carnot"),
            (late["Secteur"].GetString(), late["Catégorie"].GetString(), late["Lieu"].GetString()));
        Assert.Equal("Résolu", rows.Single(r => r["Rubrique"].GetString() == "Clos")["Issue"].GetString());
        Assert.Equal(XLDataType.Text, late["Numéro"].DataType);
        Assert.Equal(PoliceNoteMarker, rows[0]["Note police (non visible des partenaires)"].GetString());

        var diagnostics = Rows(workbook.Worksheet(MeetingExportWorkbook.DiagnosticsSheet), 1);
        var line = Assert.Single(diagnostics);
        Assert.Equal((_data.Diagnostic.Number.ToString(), 0, 3, 2),
            (line["Diagnostic"].GetString(), line["Actions faites"].GetValue<int>(), line["Actions prévues"].GetValue<int>(), line["Actions en retard"].GetValue<int>()));

        var actions = Rows(workbook.Worksheet(MeetingExportWorkbook.ActionsSheet), 1);
        Assert.Equal([("En retard", "A3", "Habitat Alpin (bailleur fictif)", "Oui"), ("En retard", "A2", "Police", "Oui")],
            actions.Select(a => (a["Rubrique"].GetString(), a["Action"].GetString(), a["Porteur"].GetString(), a["En retard"].GetString())));
        // Typed text that looks like a formula stays text.
        var formula = actions[0]["Texte"];
        Assert.Equal((FormulaText, false, true), (formula.GetString(), formula.HasFormula, formula.Style.IncludeQuotePrefix));
    }

    [Fact]
    public async Task A_partner_view_of_the_agenda_never_contains_a_police_note_a_police_action_or_a_restricted_issue()
    {
        var partnerCard = (JsonObject)(await _host.SayInChannelAsync("ordre du jour partenaires")).Card!;
        var partnerData = (JsonObject)CardClient.Button(partnerCard, ActionIds.Meeting.AgendaExport)["data"]!.DeepClone();
        var policeCard = (JsonObject)(await _host.SayInChannelAsync("ordre du jour")).Card!;
        var policeData = (JsonObject)CardClient.Button(policeCard, ActionIds.Meeting.AgendaExport)["data"]!.DeepClone();

        // The partner-version card itself, the referent's partner export, and Camille clicking the police card's button.
        AssertPartnerSafe(CardClient.AllText(partnerCard));
        using var forPartners = await ExportAsync(GapReferent, partnerData);
        using var camille = await ExportAsync(Camille, policeData);

        foreach (var workbook in new[] { forPartners, camille })
        {
            AssertPartnerSafe(workbook);
            var rows = Rows(workbook.Worksheet(MeetingExportWorkbook.AgendaSheet), MeetingExportWorkbook.TableHeaderRow);
            Assert.Equal([_data.Recent.Number, _data.Overdue.Number, _data.Closed.Number], rows.Select(r => IssueNumber.Parse(r["Numéro"].GetString())));
            Assert.DoesNotContain("Note police (non visible des partenaires)", Headers(workbook.Worksheet(MeetingExportWorkbook.AgendaSheet), MeetingExportWorkbook.TableHeaderRow));
            var actions = Rows(workbook.Worksheet(MeetingExportWorkbook.ActionsSheet), 1);
            Assert.Equal(["A3"], actions.Select(a => a["Action"].GetString()));
            var diagnostic = Assert.Single(Rows(workbook.Worksheet(MeetingExportWorkbook.DiagnosticsSheet), 1));
            Assert.Equal(2, diagnostic["Actions prévues"].GetValue<int>());
        }
        // Camille's download card says it is the partner version.
        Assert.Contains("partenaires", CardClient.AllText(LastDownloadCard()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_minutes_workbook_has_every_decision_for_the_police_and_only_the_shareable_ones_for_partners()
    {
        await SaveMinutesAsync();
        var recorded = await RecordedMinutesCardAsync();
        var police = (JsonObject)CardClient.Button(recorded, ActionIds.Meeting.MinutesExport, MeetingExportCards.ExportTitle)["data"]!.DeepClone();
        var partners = (JsonObject)CardClient.Button(recorded, ActionIds.Meeting.MinutesExport, MeetingExportCards.PartnerExportTitle)["data"]!.DeepClone();

        using var full = await ExportAsync(GapReferent, police);
        var sheet = full.Worksheet(MeetingExportWorkbook.MinutesSheet);
        Assert.Equal(_host.Today.ToDateTime(TimeOnly.MinValue), sheet.Cell(2, 2).GetDateTime());
        var decisions = Rows(sheet, MeetingExportWorkbook.TableHeaderRow);
        Assert.Equal(["M1", "M2", "M3", "M4", "M5", "M6"], decisions.Select(d => d["Décision"].GetString()));
        Assert.Equal(("Nouvelle action d'un diagnostic", "Habitat Alpin (bailleur fictif)", _host.Today.AddDays(21).ToDateTime(TimeOnly.MinValue)),
            (decisions[1]["Type"].GetString(), decisions[1]["Porteur"].GetString(), decisions[1]["Échéance"].GetDateTime()));
        Assert.Equal(("Note police sur le signalement", _data.Overdue.Number.ToString()), (decisions[3]["Mise à jour"].GetString(), decisions[3]["Signalement"].GetString()));
        Assert.Equal("Clôture (résolu)", decisions[5]["Mise à jour"].GetString());
        Assert.Contains(MinutesRestrictedMarker, AllCells(full), StringComparison.Ordinal);

        using var shared = await ExportAsync(GapReferent, partners);
        using var camille = await ExportAsync(Camille, police);
        foreach (var workbook in new[] { shared, camille })
        {
            AssertPartnerSafe(workbook);
            Assert.Equal(["M1", "M2", "M6"], Rows(workbook.Worksheet(MeetingExportWorkbook.MinutesSheet), MeetingExportWorkbook.TableHeaderRow)
                .Select(d => d["Décision"].GetString()));
        }
    }

    [Fact]
    public async Task The_link_is_for_its_requester_alone_and_once_and_every_export_is_audited()
    {
        var agenda = (JsonObject)(await _host.SayInChannelAsync("ordre du jour")).Card!;
        await _host.As(GapReferent).InvokeAsync(ActionIds.Meeting.AgendaExport, (JsonObject)CardClient.Button(agenda, ActionIds.Meeting.AgendaExport)["data"]!.DeepClone());
        var link = LinkOf(LastDownloadCard());

        // A second instance behind Easy Auth with sign-in configured (same tables, so the same export and the same
        // stored signing key): the downloader proves who they are with the forwarded Entra ID token.
        await using var entra = await EntraSignInStandIn.StartAsync();
        await using var signedIn = await BotTestHost.StartAsync(azurite, new BotTestHostOptions
        {
            TablePrefix = _host.TablePrefix,
            Install = false,
            Settings = entra.Settings,
        });
        var http = signedIn.Http;
        var now = signedIn.Get<TimeProvider>().GetUtcNow();
        Assert.Equal(HttpStatusCode.Forbidden, (await DownloadAsync(http, link, entra.IdToken(GapDeputy, now))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await DownloadAsync(http, link, null)).StatusCode);
        var first = await DownloadAsync(http, link, entra.IdToken(GapReferent, now));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using (var workbook = new XLWorkbook(new MemoryStream(await first.Content.ReadAsByteArrayAsync())))
        {
            Assert.True(workbook.Worksheets.Contains(MeetingExportWorkbook.AgendaSheet));
        }
        Assert.Equal(HttpStatusCode.Gone, (await DownloadAsync(http, link, entra.IdToken(GapReferent, now))).StatusCode);

        var audit = await _host.Get<IAuditTrail>().ListAsync(_host.Today.AddDays(-1), _host.Today.AddDays(1), 100, CancellationToken.None);
        var exported = Assert.Single(audit.Events, e => e.Action == AuditAction.Export);
        Assert.Equal((GapReferent, DemoDepartment.GapCentre), (exported.ActorObjectId, exported.Scope));
        Assert.StartsWith("ordre du jour (version police", exported.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_outside_the_sector_gets_nothing_and_typed_in_the_channel_the_file_goes_to_the_personal_chat()
    {
        var agenda = (JsonObject)(await _host.SayInChannelAsync("ordre du jour")).Card!;
        var data = (JsonObject)CardClient.Button(agenda, ActionIds.Meeting.AgendaExport)["data"]!;
        var before = DownloadCards().Count;

        var refused = await _host.As(BrianconReferent).InvokeAsync(ActionIds.Meeting.AgendaExport, (JsonObject)data.DeepClone());
        Refusals.AssertRefused(refused["value"]!.GetValue<string>());
        var stranger = await _host.As(DemoPeople.Stranger).InvokeAsync(ActionIds.Meeting.AgendaExport, (JsonObject)data.DeepClone());
        Refusals.AssertRefused(stranger["value"]!.GetValue<string>());
        // The deputy never opened a personal chat with the bot: nowhere to send the link.
        var noChat = (await _host.SayAsync(TeamsActivities.ChannelMention(_host.Connector.ServiceUrl, "ordre du jour export", objectId: GapDeputy)))[0];
        Assert.Equal(TurnKernel.PrivateAnswerNeedsPersonalChat, noChat.Text);
        Assert.Equal(before, DownloadCards().Count);

        // The referent has one (opened while creating the diagnostic): the thread only hears that the answer went there.
        await _host.SayInChannelAsync("ordre du jour export partenaires");
        Assert.Contains(_host.Connector.Posts, p => p.Text == TurnKernel.AnsweredInPrivate);
        var sent = await _host.WaitForRequestAsync(r => r.Method == "POST" && r.Card is { } card
            && CardClient.AllText(card).Contains(ExportMessages.Title, StringComparison.Ordinal), "the download card");
        Assert.Contains(TeamsActivities.PersonalChatOf(GapReferent), Uri.UnescapeDataString(sent.Path), StringComparison.Ordinal);
        Assert.Contains("Version partageable", CardClient.AllText(sent.Card!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_download_cards_parse_at_1_5()
    {
        var cards = new Dictionary<string, string>
        {
            ["meeting-export-police"] = MeetingExportCards.Ready("Ordre du jour GPO Gap.xlsx", "Ordre du jour du GPO – Gap – hyper-centre", true,
                _host.Now, "https://bot.example.test/exports/x?exp=1&sig=y").ToJson(),
            ["meeting-export-partners"] = MeetingExportCards.Ready("Compte rendu GPO Gap.xlsx", "Compte rendu du GPO – Gap – hyper-centre", false,
                _host.Now, "https://bot.example.test/exports/x?exp=1&sig=y").ToJson(),
        };
        var verdicts = await CardValidator.ValidateAsync(cards);
        Assert.Equal(2, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.Ok, $"{v.File}: {string.Join("; ", v.Errors)}"));
        Assert.Contains("Document interne police", cards["meeting-export-police"], StringComparison.Ordinal);
        Assert.Contains("Version partageable", cards["meeting-export-partners"], StringComparison.Ordinal);
    }

    /// <summary>Clicks an export button (in the personal chat): the bot answers a toast and replies with the download card; downloads it.</summary>
    private async Task<Exported> ExportAsync(string objectId, JsonObject data)
    {
        var before = DownloadCards().Count;
        var verb = data[MeetingFields.MeetingDate] is null ? ActionIds.Meeting.AgendaExport : ActionIds.Meeting.MinutesExport;
        var answer = await _host.As(objectId).InvokeAsync(verb, (JsonObject)data.DeepClone());
        Assert.True(answer["value"] is JsonValue, $"The export click was not answered with a message: {answer.ToJsonString()}");
        Assert.Equal(MeetingExportCards.RepliedBelow, answer["value"]!.GetValue<string>());
        await _host.WaitForRequestAsync(_ => DownloadCards().Count > before, "the download card");
        var response = await DownloadAsync(_host.Http, LinkOf(LastDownloadCard()), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExportWorkbook.ContentType, response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var checkedFile = new ExportedWorkbook(bytes);
        Assert.Empty(checkedFile.ValidationErrors());
        return new Exported(new XLWorkbook(new MemoryStream(bytes)), checkedFile.RawXml());
    }

    private List<JsonNode> DownloadCards() =>
        [.. _host.Connector.Requests.Where(r => r.Method == "POST" && r.Card is { } card && CardClient.AllText(card).Contains(ExportMessages.Title, StringComparison.Ordinal))
            .Select(r => r.Card!)];

    private JsonNode LastDownloadCard() => DownloadCards()[^1];

    private static Uri LinkOf(JsonNode card) =>
        new(card["actions"]!.AsArray().Single(a => a?["title"]?.GetValue<string>() == "Télécharger")!["url"]!.GetValue<string>());

    private static async Task<HttpResponseMessage> DownloadAsync(HttpClient http, Uri link, string? idToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, link.PathAndQuery);
        if (idToken is not null)
        {
            request.Headers.Add(ExportSignIn.IdTokenHeader, idToken);
        }
        return await http.SendAsync(request);
    }

    /// <summary>Every cell of every sheet, and every stored text of the file (properties included), checked for the confidential markers.</summary>
    private void AssertPartnerSafe(Exported workbook)
    {
        AssertPartnerSafe(AllCells(workbook));
        AssertPartnerSafe(workbook.RawXml);
    }

    private void AssertPartnerSafe(string text)
    {
        foreach (var secret in new[] { PoliceNoteMarker, PoliceActionMarker, MinutesNoteMarker, MinutesPoliceActionMarker, MinutesRestrictedMarker,
                     _data.Restricted.Number.ToString(), "stupéfiants" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static string AllCells(Exported exported) =>
        string.Join('\n', exported.Workbook.Worksheets.SelectMany(w => w.CellsUsed()).Select(c => c.GetString()));

    private static List<string> Headers(IXLWorksheet sheet, int headerRow) => ExportedWorkbook.Headers(sheet, headerRow);

    private static List<Dictionary<string, IXLCell>> Rows(IXLWorksheet sheet, int headerRow) => ExportedWorkbook.Table(sheet, headerRow);

    /// <summary>The minutes of today's meeting, saved as already applied (the export reads them; nothing is applied again).</summary>
    private async Task SaveMinutesAsync()
    {
        var minutes = new MeetingMinutes
        {
        SectorId = DemoDepartment.GapCentre,
        MeetingDate = _host.Today,
        RecordedBy = GapReferent,
        RecordedAt = _host.Now,
        Attendees = ["Résidence Les Cèdres", "Habitat Alpin (bailleur fictif)", "Police"],
        Summary = "Point sur le hall A.",
        Decisions =
        [
            MinutesDecision.Note("M1", "Réunion des locataires le mois prochain"),
            MinutesDecision.NewAction("M2", "Affichage dans le hall", _data.Diagnostic.Number, OtherPartnerOrganisation, _host.Today.AddDays(21)),
            MinutesDecision.NewAction("M3", MinutesPoliceActionMarker, _data.Diagnostic.Number, DiagnosticAction.PoliceOwner, _host.Today.AddDays(7)),
            MinutesDecision.UpdateIssue("M4", MinutesNoteMarker, _data.Overdue.Number, IssueUpdateKind.Note),
            MinutesDecision.UpdateIssue("M5", MinutesRestrictedMarker, _data.Restricted.Number, IssueUpdateKind.TargetedResponse),
            MinutesDecision.UpdateIssue("M6", "Clôture du signalement du hall", _data.Recent.Number, IssueUpdateKind.Close, IssueOutcome.Resolved),
        ],
        };
        foreach (var decision in minutes.Decisions)
        {
            minutes = minutes.MarkApplied(decision.Id, _host.Now, null);
        }
        await _host.Meetings.SaveMinutesAsync(minutes, null, CancellationToken.None);
    }

    /// <summary>The recorded minutes card, as the minutes form's submit answers it for the minutes already saved (nothing left to apply).</summary>
    private async Task<JsonObject> RecordedMinutesCardAsync()
    {
        var form = (JsonObject)(await _host.SayInChannelAsync("compte rendu")).Card!;
        return await _host.As(GapReferent).ClickAsync(form, ActionIds.Meeting.MinutesSubmit, new Dictionary<string, string>
        {
            [MeetingFields.Decision(1, "texte")] = "Réunion des locataires le mois prochain",
        });
    }
}

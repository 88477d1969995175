using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Diagnostics;
using SecuriteQuotidien.Bot.Privacy;
using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Bot.Tests.Diagnostics;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;
using Xunit.Abstractions;

namespace SecuriteQuotidien.Bot.Tests.Rights;

/// <summary>
/// Every command and every verb of the action table, sent by every role, with the data of real cards and with forged
/// data, from the personal chat and (for verbs) from the channel's thread, as an invoke and as an Action.Submit fallback.
/// Every police-only field holds a unique marker. No marker may reach a partner or an unknown person — in an invoke
/// answer, in a channel (every channel of the demo team counts partners) or in a partner's personal chat — and no
/// refused call may change any state.
/// </summary>
public sealed class ConfidentialitySweepTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string NoteMarker = "MARQUEUR-NOTE-POLICE";
    private const string MaskedMarker = "MARQUEUR-TEXTE-MASQUE";
    private const string PauseMarker = "MARQUEUR-MOTIF-PAUSE";
    private const string RestrictedMarker = "MARQUEUR-CATEGORIE-RESERVEE";
    private const string PoliceActionMarker = "MARQUEUR-ACTION-POLICE";
    private const string DiagnosticNoteMarker = "MARQUEUR-NOTE-DIAGNOSTIC";

    private static readonly string[] PoliceOnly = [NoteMarker, MaskedMarker, PauseMarker, RestrictedMarker, PoliceActionMarker, DiagnosticNoteMarker];

    /// <summary>The roles of the sweep: the issue's reporter, another partner (who reported the restricted issue), police of another sector, of the sector, the commissioner, the administrator, and someone unknown.</summary>
    private static readonly (string Name, string ObjectId, bool Partnerside)[] Roles =
    [
        ("partenaire auteur", DemoPeople.Camille, true),
        ("autre partenaire", DemoPeople.Karim, true),
        ("référent d'un autre secteur", DemoPeople.BrianconReferent, false),
        ("référent", DemoPeople.GapReferent, false),
        ("commissaire", DemoPeople.Commissioner, false),
        ("administrateur", DemoPeople.Administrator, false),
        ("inconnu", DemoPeople.Stranger, true),
    ];

    private DiagnosticHost _host = null!;
    private Issue _issue = null!;
    private Issue _restricted = null!;
    private Diagnostic _diagnostic = null!;

    public async Task InitializeAsync() => _host = await DiagnosticHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task No_police_only_field_reaches_a_partner_and_no_refused_call_changes_anything()
    {
        await SeedAsync();
        var table = _host.Get<ActionTable>();
        var commands = _host.Get<CommandTable>();
        var leaks = new List<string>();
        var changes = new List<string>();
        var refusals = 0;
        var calls = 0;

        foreach (var declaration in table.Declarations.Where(d => d.Kind == ActionKind.Verb).OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            foreach (var (name, objectId, partnerside) in Roles)
            {
                foreach (var (variant, data) in DataFor(declaration))
                {
                    var what = $"{declaration.Id} par {name} ({variant})";
                    var before = await SnapshotAsync();
                    var personal = await _host.As(objectId).InvokeAsync(declaration.Id, (JsonObject)data.DeepClone());
                    var fromThread = await InvokeFromThreadAsync(declaration.Id, (JsonObject)data.DeepClone(), objectId);
                    calls += 2;
                    foreach (var answer in new[] { personal, fromThread }.OfType<JsonObject>())
                    {
                        if (partnerside)
                        {
                            leaks.AddRange(LeaksIn(answer, what, objectId));
                        }
                        if (IsRefusal(answer))
                        {
                            refusals++;
                            var after = await SnapshotAsync();
                            if (after != before)
                            {
                                changes.Add($"{what}: {before} → {after}");
                            }
                        }
                    }
                    if (partnerside)
                    {
                        await SubmitFallbackFromThreadAsync(declaration.Id, (JsonObject)data.DeepClone(), objectId);
                        calls++;
                    }
                }
            }
        }
        foreach (var command in commands.Commands)
        {
            foreach (var (name, objectId, _) in Roles)
            {
                var before = await SnapshotAsync();
                await _host.PostAsync(TeamsActivities.Personal(_host.Connector.ServiceUrl, text: command.Title, objectId: objectId));
                await _host.PostAsync(TeamsActivities.ChannelMention(_host.Connector.ServiceUrl, command.Title, objectId: objectId));
                calls += 2;
                if (command.Id is not ActionIds.Commands.Report && await SnapshotAsync() != before && !IsPolice(objectId))
                {
                    changes.Add($"« {command.Title} » par {name}");
                }
            }
        }
        var restrictedLabel = _host.Get<SecuriteQuotidien.Domain.Departments.IDirectory>().FindCategory(_restricted.CategoryId)!.Label;
        // Let the outbox send what the police's actions queued (card updates, partner messages).
        await Task.Delay(TimeSpan.FromSeconds(3));

        foreach (var request in _host.Connector.Requests.Where(r => r.Method is "POST" or "PUT" && r.Body is not null))
        {
            var path = Uri.UnescapeDataString(request.Path);
            var reader = PartnerReaderOf(path);
            if (reader is null)
            {
                continue;
            }
            leaks.AddRange(LeaksIn(request.Body!, $"{request.Method} {path}", reader));
            if (reader == "canal" && CardClient.AllText(request.Body!).Contains(restrictedLabel, StringComparison.Ordinal))
            {
                leaks.Add($"la catégorie réservée « {restrictedLabel} » dans {request.Method} {path}");
            }
        }
        output.WriteLine($"{table.Declarations.Count()} declarations, {Roles.Length} roles: {calls} calls, {refusals} refusals");
        Assert.True(leaks.Count == 0, "Police-only content reached a partner:\n" + string.Join("\n", leaks.Distinct().Take(30)));
        Assert.True(changes.Count == 0, "Refused calls changed the stored state:\n" + string.Join("\n", changes.Take(30)));
        Assert.True(refusals > 100, $"only {refusals} refusals: the sweep did not reach the audience checks");

        // And a partner who reads the channel gets its shared view from the card's refresh.
        var shared = await InvokeFromThreadAsync(ActionIds.Issue.Refresh, IssueRef.Of(await CurrentAsync(_issue)).ToData(), DemoPeople.Karim);
        Assert.Contains($"Signalement {_issue.Number}", CardClient.AllText(CardClient.CardOf(shared!)), StringComparison.Ordinal);
    }

    /// <summary>An issue with a police note, a masked passage and a pause reason; a restricted issue; a diagnostic with a police action and note.</summary>
    private async Task SeedAsync()
    {
        foreach (var (_, objectId, _) in Roles)
        {
            await _host.PostAsync(TeamsActivities.BotAddedToPersonalChat(_host.Connector.ServiceUrl, objectId));
        }
        _issue = await _host.SeedIssueAsync(withThread: true, description: $"Un groupe occupe le hall ; {MaskedMarker} appelle la nuit.");
        _restricted = await _host.SeedIssueAsync(category: "trafic-stupefiants", reporter: DemoPeople.Karim, withThread: true,
            description: $"Des allées et venues au sous-sol, {RestrictedMarker}.");
        var referent = _host.As(DemoPeople.GapReferent);
        await referent.InvokeAsync(ActionIds.Issue.MaskSubmit, Data(_issue, (MaskPassageFeature.PassageField, MaskedMarker)));
        await referent.InvokeAsync(ActionIds.Issue.Acknowledge, Data(await CurrentAsync(_issue)));
        await referent.InvokeAsync(ActionIds.Issue.ResponseSubmit, Data(await CurrentAsync(_issue),
            (ReferentFields.Type, "patrouille-ciblee"), (ReferentFields.Date, _host.Today.ToString("yyyy-MM-dd")),
            (ReferentFields.Summary, "Patrouilles le soir."), (ReferentFields.Note, NoteMarker)));
        await referent.InvokeAsync(ActionIds.Issue.PauseSubmit, Data(await CurrentAsync(_issue), (ReferentFields.Reason, PauseMarker)));
        var stored = await CurrentAsync(_issue);
        Assert.True(stored.IsPaused, "the seed's pause did not apply");
        Assert.Contains(await _host.TimelineAsync(stored), e => e.Payload?.Contains(NoteMarker, StringComparison.Ordinal) == true);

        _diagnostic = await _host.OpenAsync("Hall A", _issue);
        await _host.AddActionAsync(_diagnostic, PoliceActionMarker, DiagnosticAction.PoliceOwner, _host.Today.AddDays(10));
        var note = await referent.ClickAsync(await _host.CardAsync(await _host.ReadAsync(_diagnostic)), ActionIds.Diagnostic.Note);
        await referent.ClickAsync(note, ActionIds.Diagnostic.NoteSubmit, new Dictionary<string, string> { [DiagnosticFields.NoteText] = DiagnosticNoteMarker });
        Assert.Single((await _host.ReadAsync(_diagnostic)).PoliceNotes);

        // The data set is real: the police's views show every marker.
        var police = CardClient.AllText(CardClient.CardOf(await referent.InvokeAsync(ActionIds.Issue.Refresh, IssueRef.Of(stored).ToData())));
        Assert.Contains(NoteMarker, police, StringComparison.Ordinal);
        Assert.Contains(MaskedMarker, police, StringComparison.Ordinal);
        Assert.Contains(PauseMarker, police, StringComparison.Ordinal);
        var restricted = CardClient.AllText(CardClient.CardOf(await _host.As(DemoPeople.Commissioner).InvokeAsync(ActionIds.Issue.Refresh, IssueRef.Of(_restricted).ToData())));
        Assert.Contains(RestrictedMarker, restricted, StringComparison.Ordinal);
        var diagnostic = CardClient.AllText(await _host.CardAsync(await _host.ReadAsync(_diagnostic)));
        Assert.Contains(PoliceActionMarker, diagnostic, StringComparison.Ordinal);
        Assert.Contains(DiagnosticNoteMarker, diagnostic, StringComparison.Ordinal);
    }

    private async Task<Issue> CurrentAsync(Issue issue) => (await _host.FindAsync(issue))!;

    private static JsonObject Data(Issue issue, params (string Field, string Value)[] values)
    {
        var data = IssueRef.Of(issue).ToData();
        foreach (var (field, value) in values)
        {
            data[field] = value;
        }
        return data;
    }

    /// <summary>Real card data for the declaration's target, and forged data: another sector's id, wrong types.</summary>
    private List<(string Variant, JsonObject Data)> DataFor(ActionDeclaration declaration)
    {
        var issue = IssueRef.Of(_issue).ToData();
        var diagnostic = DiagnosticRef.Of(_diagnostic).ToData("A1");
        JsonObject Forged(JsonObject real) => new(real.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())))
        {
            [IssueRef.SectorField] = DemoDepartment.BrianconCentre,
        };
        JsonObject WrongTypes(JsonObject real) => new(real.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray(42, true))));
        var real = declaration.Target switch
        {
            TargetKind.Issue => issue,
            TargetKind.Diagnostic or TargetKind.DiagnosticAction => diagnostic,
            TargetKind.Sector => new JsonObject { [IssueRef.SectorField] = DemoDepartment.GapCentre },
            _ => new JsonObject(),
        };
        List<(string, JsonObject)> variants = [("carte réelle", real)];
        if (declaration.Target is not TargetKind.None)
        {
            variants.Add(("secteur falsifié", Forged(real)));
            variants.Add(("types falsifiés", WrongTypes(real)));
        }
        else
        {
            // Ids of an issue of another partner pasted into an action about no object.
            variants.Add(("identifiants ajoutés", IssueRef.Of(_restricted).ToData()));
        }
        return variants;
    }

    /// <summary>The same button clicked on the card in the sector channel's thread (Teams sends it from that conversation).</summary>
    private async Task<JsonObject?> InvokeFromThreadAsync(string verb, JsonObject data, string objectId)
    {
        var activity = TeamsActivities.CardAction(_host.Connector.ServiceUrl, verb, data, objectId, conversationId: _issue.Thread!.ConversationId);
        activity["conversation"]!["conversationType"] = "channel";
        var response = await _host.SendAsync(activity);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode && body.Length > 0 ? JsonNode.Parse(body) as JsonObject : null;
    }

    /// <summary>An older client's Action.Submit of the same button in the channel's thread, naming the root card as the clicked one.</summary>
    private async Task SubmitFallbackFromThreadAsync(string verb, JsonObject data, string objectId)
    {
        data["verb"] = verb;
        var activity = TeamsActivities.Personal(_host.Connector.ServiceUrl, objectId: objectId, conversationId: _issue.Thread!.ConversationId);
        activity["conversation"]!["conversationType"] = "channel";
        activity["replyToId"] = _issue.Thread.RootActivityId;
        activity["value"] = data;
        await _host.SendAsync(activity);
    }

    private static bool IsRefusal(JsonObject answer) =>
        answer["value"] is JsonValue value && value.TryGetValue<string>(out var text) && text.Contains("ien n'a été modifié", StringComparison.Ordinal);

    private static bool IsPolice(string objectId) =>
        objectId is DemoPeople.GapReferent or DemoPeople.BrianconReferent or DemoPeople.Commissioner or DemoPeople.Administrator;

    /// <summary>Who else reads a conversation the bot posted to: a partner for every channel and every partner's chat; null for police chats.</summary>
    private static string? PartnerReaderOf(string path)
    {
        if (path.Contains("/v3/conversations/19:", StringComparison.Ordinal) || path.EndsWith("/v3/conversations", StringComparison.Ordinal))
        {
            return "canal";
        }
        foreach (var (_, objectId, partnerside) in Roles)
        {
            if (partnerside && path.Contains(TeamsActivities.PersonalChatOf(objectId), StringComparison.Ordinal))
            {
                return objectId;
            }
        }
        return null;
    }

    /// <summary>The markers found in what <paramref name="reader"/> sees; the restricted issue's reporter may see its own text.</summary>
    private static IEnumerable<string> LeaksIn(JsonNode content, string where, string reader)
    {
        var text = CardClient.AllText(content);
        return PoliceOnly
            .Where(marker => text.Contains(marker, StringComparison.Ordinal))
            .Where(marker => !(marker == RestrictedMarker && reader == DemoPeople.Karim))
            .Select(marker => $"{marker} dans {where}");
    }

    /// <summary>What a refused call must not change: both issues, their timelines, the diagnostic.</summary>
    private async Task<string> SnapshotAsync()
    {
        var issue = await CurrentAsync(_issue);
        var restricted = await CurrentAsync(_restricted);
        var diagnostic = _diagnostic is null ? null : await _host.ReadAsync(_diagnostic);
        return string.Join('|', issue.Status, issue.SectorId, issue.PausedAt, issue.ClosedAt, (await _host.TimelineAsync(issue)).Count,
            restricted.Status, restricted.Description.Length, (await _host.TimelineAsync(restricted)).Count, diagnostic?.Version, diagnostic?.State);
    }
}

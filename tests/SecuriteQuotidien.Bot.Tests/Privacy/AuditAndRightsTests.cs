using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Privacy;
using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Privacy;

/// <summary>The access trace, `audit export`, and the access and erasure requests, end to end.</summary>
public sealed class AuditAndRightsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Tenant = DemoDepartment.Tenant;
    private PrivacyHost _host = null!;

    public async Task InitializeAsync() => _host = await PrivacyHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Reads_by_the_police_and_status_queries_are_traced_but_not_the_reporters_own_reads()
    {
        var issue = await _host.NewIssueAsync("Rodéos de motos sur le parking tous les soirs.");
        await _host.As(DemoPeople.GapReferent).InvokeAsync(ActionIds.Issue.Refresh, IssueRef.Of(issue).ToData());
        await _host.As(DemoPeople.Commissioner).InvokeAsync(ActionIds.Issue.Clarify, IssueRef.Of(issue).ToData());
        await _host.As(DemoPeople.Partner).InvokeAsync(ActionIds.Issue.Refresh, IssueRef.Of(issue).ToData());
        await _host.AskAsync("mes signalements", DemoPeople.Partner);
        await _host.AskAsync("point Gap", DemoPeople.Commissioner);

        var trail = await _host.AuditTodayAsync();
        var reads = trail.Where(e => e.Action == AuditAction.IssueRead).ToList();
        // Same instant on the fake clock: the order within it is not specified.
        Assert.Equal([(DemoPeople.GapReferent, ActionIds.Issue.Refresh), (DemoPeople.Commissioner, ActionIds.Issue.Clarify)],
            reads.Select(e => (e.ActorObjectId, e.Detail!)).OrderBy(r => r.ActorObjectId, StringComparer.Ordinal));
        Assert.All(reads, e => Assert.Equal((issue.Number.ToString(), issue.SectorId), (e.IssueNumber, e.Scope)));
        var query = Assert.Single(trail, e => e.Action == AuditAction.StatusQuery);
        Assert.Equal((DemoPeople.Commissioner, "status", "gap"), (query.ActorObjectId, query.Scope, query.Detail));
        Assert.DoesNotContain(trail, e => e.ActorObjectId == DemoPeople.Partner);
    }

    [Fact]
    public async Task Audit_export_gives_administrators_the_period_and_refuses_everyone_else()
    {
        var issue = await _host.NewIssueAsync("Rodéos de motos sur le parking tous les soirs.");
        await _host.As(DemoPeople.GapReferent).InvokeAsync(ActionIds.Issue.Refresh, IssueRef.Of(issue).ToData());

        var refused = Assert.Single(await _host.AskAsync("audit export ce mois", DemoPeople.Commissioner));
        Refusals.AssertRefused(refused.Text);

        var reply = Assert.Single(await _host.AskAsync("audit export ce mois", DemoPeople.Administrator));
        var text = CardClient.AllText(reply.Card!);
        Assert.Contains("ce mois-ci (mars 2026)", text, StringComparison.Ordinal);
        Assert.Contains($";{DemoPeople.GapReferent};Lieutenant Julien Arnaud;IssueRead;{issue.Number};gap-hyper-centre;signalement-actualiser", text, StringComparison.Ordinal);
        Assert.Contains(await _host.AuditTodayAsync(), e => e.Action == AuditAction.AuditExport && e.ActorObjectId == DemoPeople.Administrator);

        var unknownPeriod = Assert.Single(await _host.AskAsync("audit export quand tu veux", DemoPeople.Administrator));
        Assert.StartsWith("Je n'ai pas compris la période.", unknownPeriod.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_export_says_how_many_rows_were_left_out()
    {
        await using var host = await PrivacyHost.StartAsync(azurite, new Dictionary<string, string?> { ["Privacy:AuditExportMaxRows"] = "2" });
        var issue = await host.NewIssueAsync("Rodéos de motos sur le parking tous les soirs.");
        for (var i = 0; i < 4; i++)
        {
            await host.As(DemoPeople.GapReferent).InvokeAsync(ActionIds.Issue.Refresh, IssueRef.Of(issue).ToData());
        }
        var reply = Assert.Single(await host.AskAsync("audit export", DemoPeople.Administrator));
        var text = CardClient.AllText(reply.Card!);
        Assert.Contains("4 événements.", text, StringComparison.Ordinal);
        Assert.Contains("2 événements non affichés (limite de 2 lignes)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_access_request_produces_everything_stored_about_the_person()
    {
        var issue = await _host.NewIssueAsync("Mme Martin du 3e étage signale des rodéos de motos.");
        var question = await _host.As(DemoPeople.GapReferent).ClickAsync(
            CardClient.CardOf(await _host.As(DemoPeople.GapReferent).InvokeAsync(ActionIds.Issue.Clarify, IssueRef.Of(issue).ToData())),
            ActionIds.Issue.ClarifySubmit, new Dictionary<string, string> { [ReferentFields.Question] = "À quelle heure ?" });
        Assert.NotNull(question);
        var timeline = await _host.Events.ListAsync(issue.Number, false, CancellationToken.None);
        var questionId = timeline.Single(e => e.Kind == IssueEventKind.ClarificationRequested).Id;
        await _host.As(DemoPeople.Partner).InvokeAsync(ActionIds.Partner.ClarificationAnswer, new JsonObject
        {
            [IssueRef.NumberField] = issue.Number.ToString(), [ReferentFields.QuestionId] = questionId, [ReferentFields.Answer] = "Vers 22 h, réponse unique 4711.",
        });

        var refused = Assert.Single(await _host.AskAsync("données personne Camille Roux", DemoPeople.GapReferent));
        Refusals.AssertRefused(refused.Text);

        var replies = await _host.AskAsync("données personne camille roux", DemoPeople.Administrator, replies: 2);
        var summary = CardClient.Facts(replies[0].Card!);
        Assert.Equal("Camille Roux — Résidence Les Cèdres (syndic fictif)", summary["Annuaire"]);
        Assert.Equal("1", summary["Signalements"]);
        Assert.Equal("1", summary["Réponses (précisions, suivi)"]);
        Assert.StartsWith("oui", summary["Conversation avec le bot"], StringComparison.Ordinal);
        var json = replies[1].Text!;
        Assert.Contains("Mme Martin du 3e étage", json, StringComparison.Ordinal);
        Assert.Contains("réponse unique 4711", json, StringComparison.Ordinal);
        Assert.Contains(issue.Number.ToString(), json, StringComparison.Ordinal);
        Assert.Contains("a:1personal-camille", json, StringComparison.Ordinal);

        var byId = await _host.AskAsync($"données personne {DemoPeople.Partner}", DemoPeople.Administrator, replies: 2);
        Assert.Equal("1", CardClient.Facts(byId[0].Card!)["Signalements"]);
        var access = (await _host.AuditTodayAsync()).Where(e => e.Action == AuditAction.AccessRequest).ToList();
        Assert.Equal(2, access.Count);
        Assert.All(access, e => Assert.Equal((DemoPeople.Administrator, DemoPeople.Partner), (e.ActorObjectId, e.Scope)));

        var nobody = Assert.Single(await _host.AskAsync("données personne Personne Inconnue", DemoPeople.Administrator));
        Assert.StartsWith("Aucun partenaire de l'annuaire ne porte ce nom.", nobody.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_erasure_request_asks_for_confirmation_then_anonymises_closed_issues_and_redacts_open_ones()
    {
        var closed = await _host.CloseAsync(await _host.NewIssueAsync("Rodéos de motos sur le parking, M. Dupont en tête."));
        var open = await _host.NewIssueAsync("Tags répétés sur la porte du local vélos.");

        var refused = Assert.Single(await _host.AskAsync($"effacer personne {DemoPeople.Partner}", DemoPeople.Commissioner));
        Refusals.AssertRefused(refused.Text);
        var usage = Assert.Single(await _host.AskAsync("effacer personne Camille", DemoPeople.Administrator));
        Assert.Equal(PersonErasure.Usage, usage.Text);

        var confirmation = (JsonObject)Assert.Single(await _host.AskAsync($"effacer personne {DemoPeople.Partner}", DemoPeople.Administrator)).Card!;
        var facts = CardClient.Facts(confirmation);
        Assert.Equal(("1 (anonymisés)", "1 (identité retirée)", "oui (supprimée)"),
            (facts["Signalements clos"], facts["Signalements en cours"], facts["Conversation avec le bot"]));
        Assert.Contains("ne pourra plus être informée de leur avancement", CardClient.AllText(confirmation), StringComparison.Ordinal);
        Assert.Equal(closed.Description, (await _host.ReadAsync(closed)).Description);

        // A non-administrator clicking the button changes nothing.
        var forged = await _host.As(DemoPeople.GapReferent).ClickAsync(confirmation, ActionIds.Privacy.ErasureConfirm).ContinueWith(t => t.Exception is null);
        Assert.False(forged);
        Assert.Equal(DemoPeople.Partner, (await _host.ReadAsync(open)).Reporter.ObjectId);

        var done = await _host.As(DemoPeople.Administrator).ClickAsync(confirmation, ActionIds.Privacy.ErasureConfirm);
        var doneFacts = CardClient.Facts(done);
        Assert.Equal(("1", "1", "supprimée"), (doneFacts["Signalements clos anonymisés"], doneFacts["Signalements en cours dont l'identité est retirée"], doneFacts["Conversation avec le bot"]));
        Assert.Contains("retirez-la de « partners »", CardClient.AllText(done), StringComparison.Ordinal);

        Assert.True(IssueAnonymiser.IsAnonymised(await _host.ReadAsync(closed)));
        var redacted = await _host.ReadAsync(open);
        Assert.StartsWith(IssueAnonymiser.PseudonymPrefix, redacted.Reporter.ObjectId, StringComparison.Ordinal);
        Assert.Equal(open.Description, redacted.Description);
        var openTimeline = await _host.Events.ListAsync(open.Number, false, CancellationToken.None);
        Assert.Equal(redacted.Reporter.ObjectId, openTimeline.Single(e => e.Kind == IssueEventKind.Created).ActorObjectId);
        Assert.Empty(await _host.Issues.ListByReporterAsync(DemoPeople.Partner, 10, CancellationToken.None));
        Assert.Null(await _host.Services.GetRequiredService<IConversationReferenceStore>().FindUserAsync(Tenant, DemoPeople.Partner, CancellationToken.None));

        var erasure = Assert.Single(await _host.AuditTodayAsync(), e => e.Action == AuditAction.ErasureRequest);
        Assert.Equal((DemoPeople.Administrator, redacted.Reporter.ObjectId), (erasure.ActorObjectId, erasure.Scope));

        // The police can still act on the open issue.
        var acknowledged = await _host.As(DemoPeople.GapReferent).InvokeAsync(ActionIds.Issue.Acknowledge, IssueRef.Of(redacted).ToData());
        Assert.Equal(IssueStatus.Acknowledged, (await _host.ReadAsync(open)).Status);
        Assert.NotNull(acknowledged);
    }

    [Fact]
    public async Task Rights_commands_are_refused_in_a_channel()
    {
        var before = _host.Connector.Posts.Count;
        await _host.PostAsync(TeamsActivities.ChannelMention(_host.Connector.ServiceUrl, "<at>Sécurité du Quotidien</at> audit export", objectId: DemoPeople.Administrator));
        var posts = await _host.Connector.WaitForPostsAsync(before + 1, TimeSpan.FromSeconds(15));
        // The administrator never opened a personal chat with the bot here: the answer stays private, the channel hears why.
        Assert.Equal(TurnKernel.PrivateAnswerNeedsPersonalChat, posts[before].Text);
    }

    [Fact]
    public async Task Every_privacy_card_parses_in_the_official_parser()
    {
        await _host.CloseAsync(await _host.NewIssueAsync("Rodéos de motos sur le parking."));
        var audit = (await _host.AskAsync("audit export", DemoPeople.Administrator)).Single().Card!;
        var person = (await _host.AskAsync("données personne Camille Roux", DemoPeople.Administrator, replies: 2))[0].Card!;
        var confirmation = (JsonObject)(await _host.AskAsync($"effacer personne {DemoPeople.Partner}", DemoPeople.Administrator)).Single().Card!;
        var done = await _host.As(DemoPeople.Administrator).ClickAsync(confirmation, ActionIds.Privacy.ErasureConfirm);
        var empty = PrivacyCards.AuditTrail("ce mois-ci", new AuditPage([], 0), _ => "");
        var verdicts = await CardValidator.ValidateAsync(new Dictionary<string, string>
        {
            ["audit"] = audit.ToJsonString(),
            ["audit-empty"] = SecuriteQuotidien.BotFramework.Cards.CardExtensions.ToJson(empty),
            ["person"] = person.ToJsonString(),
            ["erasure-confirmation"] = confirmation.ToJsonString(),
            ["erasure-done"] = done.ToJsonString(),
        });
        Assert.All(verdicts, v => Assert.True(v.Ok, $"{v.File}: {string.Join("; ", v.Errors)}"));
    }
}

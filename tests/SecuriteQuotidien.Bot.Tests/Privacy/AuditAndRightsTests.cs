using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Privacy;
using SecuriteQuotidien.Bot.Referent;
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
    private const string Tenant = "05050505-0000-4000-8000-000000000005";
    private PrivacyHost _host = null!;

    public async Task InitializeAsync() => _host = await PrivacyHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Reads_by_the_police_and_status_queries_are_traced_but_not_the_reporters_own_reads()
    {
        var issue = await _host.NewIssueAsync("Rodéos de motos sur le parking tous les soirs.");
        await _host.As(PrivacyHost.Referent).InvokeAsync(ReferentVerbs.Refresh, IssueRef.Of(issue).ToData());
        await _host.As(PrivacyHost.Commissioner).InvokeAsync(ReferentVerbs.Clarify, IssueRef.Of(issue).ToData());
        await _host.As(PrivacyHost.Partner).InvokeAsync(ReferentVerbs.Refresh, IssueRef.Of(issue).ToData());
        await _host.AskAsync("mes signalements", PrivacyHost.Partner);
        await _host.AskAsync("point Gap", PrivacyHost.Commissioner);

        var trail = await _host.AuditTodayAsync();
        var reads = trail.Where(e => e.Action == AuditAction.IssueRead).ToList();
        // Same instant on the fake clock: the order within it is not specified.
        Assert.Equal([(PrivacyHost.Referent, ReferentVerbs.Refresh), (PrivacyHost.Commissioner, ReferentVerbs.Clarify)],
            reads.Select(e => (e.ActorObjectId, e.Detail!)).OrderBy(r => r.ActorObjectId, StringComparer.Ordinal));
        Assert.All(reads, e => Assert.Equal((issue.Number.ToString(), issue.SectorId), (e.IssueNumber, e.Scope)));
        var query = Assert.Single(trail, e => e.Action == AuditAction.StatusQuery);
        Assert.Equal((PrivacyHost.Commissioner, "status", "gap"), (query.ActorObjectId, query.Scope, query.Detail));
        Assert.DoesNotContain(trail, e => e.ActorObjectId == PrivacyHost.Partner);
    }

    [Fact]
    public async Task Audit_export_gives_administrators_the_period_and_refuses_everyone_else()
    {
        var issue = await _host.NewIssueAsync("Rodéos de motos sur le parking tous les soirs.");
        await _host.As(PrivacyHost.Referent).InvokeAsync(ReferentVerbs.Refresh, IssueRef.Of(issue).ToData());

        var refused = Assert.Single(await _host.AskAsync("audit export ce mois", PrivacyHost.Commissioner));
        Assert.Equal(AdminCommandGuard.AdministratorsOnly, refused.Text);

        var reply = Assert.Single(await _host.AskAsync("audit export ce mois", PrivacyHost.Administrator));
        var text = CardClient.AllText(reply.Card!);
        Assert.Contains("ce mois-ci (mars 2026)", text, StringComparison.Ordinal);
        Assert.Contains($";{PrivacyHost.Referent};Lieutenant Julien Arnaud;IssueRead;{issue.Number};gap-hyper-centre;signalement-actualiser", text, StringComparison.Ordinal);
        Assert.Contains(await _host.AuditTodayAsync(), e => e.Action == AuditAction.AuditExport && e.ActorObjectId == PrivacyHost.Administrator);

        var unknownPeriod = Assert.Single(await _host.AskAsync("audit export quand tu veux", PrivacyHost.Administrator));
        Assert.StartsWith("Je n'ai pas compris la période.", unknownPeriod.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_export_says_how_many_rows_were_left_out()
    {
        await using var host = await PrivacyHost.StartAsync(azurite, new Dictionary<string, string?> { ["Privacy:AuditExportMaxRows"] = "2" });
        var issue = await host.NewIssueAsync("Rodéos de motos sur le parking tous les soirs.");
        for (var i = 0; i < 4; i++)
        {
            await host.As(PrivacyHost.Referent).InvokeAsync(ReferentVerbs.Refresh, IssueRef.Of(issue).ToData());
        }
        var reply = Assert.Single(await host.AskAsync("audit export", PrivacyHost.Administrator));
        var text = CardClient.AllText(reply.Card!);
        Assert.Contains("4 événements.", text, StringComparison.Ordinal);
        Assert.Contains("2 événements non affichés (limite de 2 lignes)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_access_request_produces_everything_stored_about_the_person()
    {
        var issue = await _host.NewIssueAsync("Mme Martin du 3e étage signale des rodéos de motos.");
        var question = await _host.As(PrivacyHost.Referent).ClickAsync(
            CardClient.CardOf(await _host.As(PrivacyHost.Referent).InvokeAsync(ReferentVerbs.Clarify, IssueRef.Of(issue).ToData())),
            ReferentVerbs.ClarifySubmit, new Dictionary<string, string> { [ReferentFields.Question] = "À quelle heure ?" });
        Assert.NotNull(question);
        var timeline = await _host.Events.ListAsync(issue.Number, false, CancellationToken.None);
        var questionId = timeline.Single(e => e.Kind == IssueEventKind.ClarificationRequested).Id;
        await _host.As(PrivacyHost.Partner).InvokeAsync(ReferentVerbs.PartnerAnswer, new JsonObject
        {
            [IssueRef.NumberField] = issue.Number.ToString(), [ReferentFields.QuestionId] = questionId, [ReferentFields.Answer] = "Vers 22 h, réponse unique 4711.",
        });

        var refused = Assert.Single(await _host.AskAsync("données personne Camille Roux", PrivacyHost.Referent));
        Assert.Equal(AdminCommandGuard.AdministratorsOnly, refused.Text);

        var replies = await _host.AskAsync("données personne camille roux", PrivacyHost.Administrator, replies: 2);
        var summary = PrivacyHost.Facts(replies[0].Card!);
        Assert.Equal("Camille Roux — Résidence Les Cèdres (syndic fictif)", summary["Annuaire"]);
        Assert.Equal("1", summary["Signalements"]);
        Assert.Equal("1", summary["Réponses (précisions, suivi)"]);
        Assert.StartsWith("oui", summary["Conversation avec le bot"], StringComparison.Ordinal);
        var json = replies[1].Text!;
        Assert.Contains("Mme Martin du 3e étage", json, StringComparison.Ordinal);
        Assert.Contains("réponse unique 4711", json, StringComparison.Ordinal);
        Assert.Contains(issue.Number.ToString(), json, StringComparison.Ordinal);
        Assert.Contains("a:1personal-camille", json, StringComparison.Ordinal);

        var byId = await _host.AskAsync($"données personne {PrivacyHost.Partner}", PrivacyHost.Administrator, replies: 2);
        Assert.Equal("1", PrivacyHost.Facts(byId[0].Card!)["Signalements"]);
        var access = (await _host.AuditTodayAsync()).Where(e => e.Action == AuditAction.AccessRequest).ToList();
        Assert.Equal(2, access.Count);
        Assert.All(access, e => Assert.Equal((PrivacyHost.Administrator, PrivacyHost.Partner), (e.ActorObjectId, e.Scope)));

        var nobody = Assert.Single(await _host.AskAsync("données personne Personne Inconnue", PrivacyHost.Administrator));
        Assert.StartsWith("Aucun partenaire de l'annuaire ne porte ce nom.", nobody.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_erasure_request_asks_for_confirmation_then_anonymises_closed_issues_and_redacts_open_ones()
    {
        var closed = await _host.CloseAsync(await _host.NewIssueAsync("Rodéos de motos sur le parking, M. Dupont en tête."));
        var open = await _host.NewIssueAsync("Tags répétés sur la porte du local vélos.");

        var refused = Assert.Single(await _host.AskAsync($"effacer personne {PrivacyHost.Partner}", PrivacyHost.Commissioner));
        Assert.Equal(AdminCommandGuard.AdministratorsOnly, refused.Text);
        var usage = Assert.Single(await _host.AskAsync("effacer personne Camille", PrivacyHost.Administrator));
        Assert.Equal(PersonErasure.Usage, usage.Text);

        var confirmation = (JsonObject)Assert.Single(await _host.AskAsync($"effacer personne {PrivacyHost.Partner}", PrivacyHost.Administrator)).Card!;
        var facts = PrivacyHost.Facts(confirmation);
        Assert.Equal(("1 (anonymisés)", "1 (identité retirée)", "oui (supprimée)"),
            (facts["Signalements clos"], facts["Signalements en cours"], facts["Conversation avec le bot"]));
        Assert.Contains("ne pourra plus être informée de leur avancement", CardClient.AllText(confirmation), StringComparison.Ordinal);
        Assert.Equal(closed.Description, (await _host.ReadAsync(closed)).Description);

        // A non-administrator clicking the button changes nothing.
        var forged = await _host.As(PrivacyHost.Referent).ClickAsync(confirmation, PersonErasure.ConfirmVerb).ContinueWith(t => t.Exception is null);
        Assert.False(forged);
        Assert.Equal(PrivacyHost.Partner, (await _host.ReadAsync(open)).Reporter.ObjectId);

        var done = await _host.As(PrivacyHost.Administrator).ClickAsync(confirmation, PersonErasure.ConfirmVerb);
        var doneFacts = PrivacyHost.Facts(done);
        Assert.Equal(("1", "1", "supprimée"), (doneFacts["Signalements clos anonymisés"], doneFacts["Signalements en cours dont l'identité est retirée"], doneFacts["Conversation avec le bot"]));
        Assert.Contains("retirez-la de « partners »", CardClient.AllText(done), StringComparison.Ordinal);

        Assert.True(IssueAnonymiser.IsAnonymised(await _host.ReadAsync(closed)));
        var redacted = await _host.ReadAsync(open);
        Assert.StartsWith(IssueAnonymiser.PseudonymPrefix, redacted.Reporter.ObjectId, StringComparison.Ordinal);
        Assert.Equal(open.Description, redacted.Description);
        var openTimeline = await _host.Events.ListAsync(open.Number, false, CancellationToken.None);
        Assert.Equal(redacted.Reporter.ObjectId, openTimeline.Single(e => e.Kind == IssueEventKind.Created).ActorObjectId);
        Assert.Empty(await _host.Issues.ListByReporterAsync(PrivacyHost.Partner, 10, CancellationToken.None));
        Assert.Null(await _host.Services.GetRequiredService<IConversationReferenceStore>().FindUserAsync(Tenant, PrivacyHost.Partner, CancellationToken.None));

        var erasure = Assert.Single(await _host.AuditTodayAsync(), e => e.Action == AuditAction.ErasureRequest);
        Assert.Equal((PrivacyHost.Administrator, redacted.Reporter.ObjectId), (erasure.ActorObjectId, erasure.Scope));

        // The police can still act on the open issue.
        var acknowledged = await _host.As(PrivacyHost.Referent).InvokeAsync(ReferentVerbs.Acknowledge, IssueRef.Of(redacted).ToData());
        Assert.Equal(IssueStatus.Acknowledged, (await _host.ReadAsync(open)).Status);
        Assert.NotNull(acknowledged);
    }

    [Fact]
    public async Task Rights_commands_are_refused_in_a_channel()
    {
        var before = _host.Connector.Posts.Count;
        await _host.PostAsync(TestActivities.ChannelMention(_host.Connector.ServiceUrl, "<at>Sécurité du Quotidien</at> audit export", objectId: PrivacyHost.Administrator));
        var posts = await _host.Connector.WaitForPostsAsync(before + 1, TimeSpan.FromSeconds(15));
        Assert.Equal(AdminCommandGuard.PersonalChatOnly, posts[before].Text);
    }

    [Fact]
    public async Task Every_privacy_card_parses_in_the_official_parser()
    {
        await _host.CloseAsync(await _host.NewIssueAsync("Rodéos de motos sur le parking."));
        var audit = (await _host.AskAsync("audit export", PrivacyHost.Administrator)).Single().Card!;
        var person = (await _host.AskAsync("données personne Camille Roux", PrivacyHost.Administrator, replies: 2))[0].Card!;
        var confirmation = (JsonObject)(await _host.AskAsync($"effacer personne {PrivacyHost.Partner}", PrivacyHost.Administrator)).Single().Card!;
        var done = await _host.As(PrivacyHost.Administrator).ClickAsync(confirmation, PersonErasure.ConfirmVerb);
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

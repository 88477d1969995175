using System.Text.Json;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Intake;
using SecuriteQuotidien.Bot.IssueCard;
using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Storage.Departments;
using SecuriteQuotidien.Testing;
using static SecuriteQuotidien.Bot.Tests.Referent.ReferentHost;
using static SecuriteQuotidien.Testing.DemoPeople;

namespace SecuriteQuotidien.Bot.Tests.Referent;

/// <summary>The question asked after closure and the partner's answers; every card variant of the feature.</summary>
public sealed class PartnerFollowUpTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private ReferentHost _host = null!;

    public async Task InitializeAsync() => _host = await ReferentHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(Issue Closed, JsonObject Question)> CloseAsResolvedAsync()
    {
        var issue = await _host.NewIssueAsync();
        var form = await _host.As(GapReferent).ClickAsync(await _host.CardAsync(issue), ActionIds.Issue.Close);
        await _host.As(GapReferent).ClickAsync(form, ActionIds.Issue.CloseSubmit, new Dictionary<string, string> { [ReferentFields.Outcome] = "resolu" });
        var closed = (await _host.ReadAsync(issue))!;
        return (closed, PartnerCards.FollowUpQuestion(closed).ToJsonElement().Deserialize<JsonObject>()!);
    }

    [Fact]
    public async Task Closing_enqueues_the_follow_up_question_for_the_partner_fifteen_days_later()
    {
        var (closed, _) = await CloseAsResolvedAsync();

        await _host.WaitForPartnerMessageAsync($"Votre signalement {closed.Number} est clos : résolu.");
        var question = await _host.Outbox.GetAsync($"followup:{closed.Number}", CancellationToken.None);
        Assert.NotNull(question);
        Assert.Equal(closed.ClosedAt!.Value.AddDays(15), question.NextAttemptAt);
        Assert.Equal(TeamsActivities.PersonalChatOf(DemoPeople.Partner), question.Target.ConversationId);
        Assert.Contains("Le problème persiste-t-il ?", System.Text.RegularExpressions.Regex.Unescape(question.ActivityJson), StringComparison.Ordinal);
        Assert.Empty(_host.PartnerMessagesContaining("Le problème persiste-t-il ?"));
    }

    [Fact]
    public async Task Oui_reopens_the_issue_with_a_new_clock_tells_the_referent_in_the_thread_and_counts_once()
    {
        var (closed, question) = await CloseAsResolvedAsync();

        var thanks = await _host.Partner.ClickAsync(question, ActionIds.Partner.FollowUpAnswer, title: "Oui");
        var again = await _host.Partner.ClickAsync(question, ActionIds.Partner.FollowUpAnswer, title: "Oui");

        Assert.Contains("est rouvert", CardClient.AllText(thanks), StringComparison.Ordinal);
        Assert.Contains("déjà été enregistrée", CardClient.AllText(again), StringComparison.Ordinal);
        var reopened = (await _host.ReadAsync(closed))!;
        Assert.Equal(IssueStatus.Acknowledged, reopened.Status);
        Assert.Null(reopened.ClosedAt);
        var timeline = await _host.TimelineAsync(closed);
        Assert.Single(timeline, e => e.Kind == IssueEventKind.Reopened && e.ActorObjectId == DemoPeople.Partner);
        Assert.Equal(FollowUpAnswer.Yes, IssueFollowUp.LatestOf(timeline)!.Answer);
        Assert.Single(timeline, e => e.Kind == IssueEventKind.PartnerFeedback);
        var post = await _host.WaitForRequestAsync(r => r.Method == "POST"
            && r.Path.EndsWith($"/activities/{closed.Thread!.RootActivityId}", StringComparison.Ordinal)
            && CardClient.AllText(r.Body!).Contains("est rouvert", StringComparison.Ordinal), "the reopening in the thread");
        Assert.Contains("<at>Lieutenant Julien Arnaud</at>", CardClient.AllText(post.Body!), StringComparison.Ordinal);
        // The reopened card has the referent's buttons again.
        Assert.Contains(CardClient.Actions(await _host.CardAsync(closed)), a => a["verb"]!.GetValue<string>() == ActionIds.Issue.Response);
    }

    [Fact]
    public async Task Non_records_the_answer_and_leaves_the_issue_closed()
    {
        var (closed, question) = await CloseAsResolvedAsync();

        await _host.Partner.ClickAsync(question, ActionIds.Partner.FollowUpAnswer, title: "Non");

        Assert.Equal(IssueStatus.Closed, (await _host.ReadAsync(closed))!.Status);
        var feedback = Assert.Single(await _host.TimelineAsync(closed), e => e.Kind == IssueEventKind.PartnerFeedback);
        Assert.Equal("Le problème persiste-t-il ? Non", feedback.Payload);
        Assert.Equal(FollowUpAnswer.No, IssueFollowUp.LatestOf([feedback])!.Answer);
    }

    [Fact]
    public async Task Someone_else_cannot_answer_for_the_partner()
    {
        var (closed, question) = await CloseAsResolvedAsync();

        var data = (JsonObject)CardClient.Actions(question).First()["data"]!.DeepClone();
        var response = await _host.As(DemoPeople.Karim).InvokeAsync(ActionIds.Partner.FollowUpAnswer, data);

        Assert.Equal("Ce signalement ne fait pas partie des vôtres : rien n'a été enregistré.", response["value"]!.GetValue<string>());
        Assert.Equal(IssueStatus.Closed, (await _host.ReadAsync(closed))!.Status);
        Assert.DoesNotContain(await _host.TimelineAsync(closed), e => e.Kind == IssueEventKind.PartnerFeedback);
    }

    [Fact]
    public async Task Every_card_variant_of_the_feature_parses_in_the_official_parser()
    {
        var directory = await DepartmentFileLoader.LoadAsync(RepoPaths.Combine("departments", "hautes-alpes.json"), CancellationToken.None);
        var at = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
        var open = (await _host.NewIssueAsync()) with { Description = "Tapage <at>x</at> **gras**" };
        var acknowledged = open.Acknowledge(GapReferent, at).Issue;
        var paused = acknowledged.Pause(GapReferent, at, "Enquête").Issue;
        var closed = acknowledged.Close(GapReferent, at, IssueOutcome.Resolved).Issue;
        var events = new[]
        {
            open.CreatedEvent(),
            open.EventOf(IssueEventKind.NoteAdded, GapReferent, at, EventVisibility.PoliceOnly, "[lien](http://x) <at>y</at>"),
            open.EventOf(IssueEventKind.Transferred, GapReferent, at, EventVisibility.PoliceOnly, "a → b"),
        };
        var errors = new Dictionary<string, string>
        {
            [ReferentFields.Type] = "e", [ReferentFields.Date] = "e", [ReferentFields.Summary] = "e", [ReferentFields.Note] = "e",
            [ReferentFields.Question] = "e", [ReferentFields.Reason] = "e", [ReferentFields.TargetSector] = "e",
            [ReferentFields.Outcome] = "e", [ReferentFields.DuplicateOf] = "e", [ReferentFields.Message] = "e",
        };
        var values = new Dictionary<string, string> { [ReferentFields.Type] = "mediation", [ReferentFields.Date] = "2026-11-28", [ReferentFields.Outcome] = "doublon" };
        var today = new DateOnly(2026, 11, 28);
        var details = new RootCardDetails { Events = events, RefreshUserIds = ["29:1julien", "29:1sophie"], Notice = IssueActionsFeature.StaleNotice, TransferredFrom = "gap-hyper-centre" };
        var cards = new Dictionary<string, AdaptiveCard>
        {
            ["root-new"] = IssueRootCard.Build(open, directory, today),
            ["root-details"] = IssueRootCard.Build(open, directory, today.AddDays(60), details),
            ["root-acknowledged"] = IssueRootCard.Build(acknowledged, directory, today, details),
            ["root-paused"] = IssueRootCard.Build(paused, directory, today, details),
            ["root-closed"] = IssueRootCard.Build(closed, directory, today, details),
            ["root-transferred"] = IssueRootCard.Transferred(open, directory),
            ["form-response"] = ReferentCards.ResponseForm(open, values, new Dictionary<string, string>(), 1000),
            ["form-response-errors"] = ReferentCards.ResponseForm(open, values, errors, 1000),
            ["form-clarify"] = ReferentCards.ClarifyForm(open, values, errors, 1000),
            ["form-pause"] = ReferentCards.PauseForm(open, values, errors, 300),
            ["form-transfer"] = ReferentCards.TransferForm(open, directory, values, errors, 1000),
            ["form-close"] = ReferentCards.CloseForm(open, values, errors, 1000),
            ["partner-step"] = MessageCards.PartnerStep("Signalement", "Texte", "<at>z</at> **x**"),
            ["partner-question"] = ReferentCards.ClarificationQuestion(open.Number, "q1", "Question ?", 2000),
            ["partner-question-error"] = ReferentCards.ClarificationQuestion(open.Number, "q1", "Question ?", 2000, "r", "Écrivez votre réponse."),
            ["partner-follow-up"] = PartnerCards.FollowUpQuestion(closed),
            ["partner-thanks"] = ReferentCards.Thanks("Merci", "Texte"),
            ["thread-note"] = ReferentCards.ThreadNote(open, directory, "texte", "réponse <at>x</at>"),
        };

        var verdicts = await CardValidator.ValidateAsync(cards.ToDictionary(c => c.Key, c => c.Value.ToJson()));

        Assert.Equal(cards.Count, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.Ok, $"{v.File}: {string.Join("; ", v.Errors)}"));
    }
}

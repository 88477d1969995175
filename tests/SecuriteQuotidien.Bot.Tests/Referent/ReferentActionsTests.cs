using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;
using static SecuriteQuotidien.Bot.Tests.Referent.ReferentHost;
using static SecuriteQuotidien.Testing.DemoPeople;

namespace SecuriteQuotidien.Bot.Tests.Referent;

/// <summary>The referent's buttons on the issue card, through /api/messages, over Azurite and the connector stand-in.</summary>
public sealed class ReferentActionsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private ReferentHost _host = null!;

    private string Today => _host.Today.ToString("yyyy-MM-dd");

    public async Task InitializeAsync() => _host = await ReferentHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Facts(JsonObject card) => CardClient.AllText(card);

    [Fact]
    public async Task A_click_replayed_after_a_stop_between_the_issue_write_and_its_timeline_entry_completes_the_timeline_once()
    {
        var issue = await _host.NewIssueAsync();
        var card = await _host.CardAsync(issue);
        await _host.As(GapReferent).ClickAsync(card, ActionIds.Issue.Acknowledge);
        var acknowledged = Assert.Single(await _host.TimelineAsync(issue), e => e.Kind == IssueEventKind.Acknowledged);
        // As if the process had stopped after the issue's write, before the timeline's append.
        var events = _host.Get<SecuriteQuotidien.Storage.Tables.StorageTables>().IssueEvents;
        await foreach (var row in events.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == issue.Number.ToString()))
        {
            if (row.GetString("EventId") == acknowledged.Id)
            {
                await events.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            }
        }
        Assert.DoesNotContain(await _host.TimelineAsync(issue), e => e.Kind == IssueEventKind.Acknowledged);

        // Teams redelivers the click (same card, same data): the issue has moved on, its last event is completed.
        var again = await _host.As(GapReferent).ClickAsync(card, ActionIds.Issue.Acknowledge);

        Assert.DoesNotContain(IssueActionsFeature.StaleNotice, Facts(again), StringComparison.Ordinal);
        var restored = Assert.Single(await _host.TimelineAsync(issue), e => e.Kind == IssueEventKind.Acknowledged);
        Assert.Equal(acknowledged.Id, restored.Id);
        Assert.Equal(IssueStatus.Acknowledged, (await _host.ReadAsync(issue))!.Status);
    }

    [Fact]
    public async Task Taking_in_charge_changes_the_status_records_one_event_updates_the_card_and_tells_the_partner()
    {
        var issue = await _host.NewIssueAsync();
        var card = await _host.CardAsync(issue);
        Assert.Contains(CardClient.Actions(card), a => a["title"]!.GetValue<string>() == "Prendre en compte");

        var answered = await _host.As(GapReferent).ClickAsync(card, ActionIds.Issue.Acknowledge);

        Assert.Equal(IssueStatus.Acknowledged, (await _host.ReadAsync(issue))!.Status);
        var acknowledged = Assert.Single(await _host.TimelineAsync(issue), e => e.Kind == IssueEventKind.Acknowledged);
        Assert.Equal(GapReferent, acknowledged.ActorObjectId);
        Assert.Contains("\"Statut\",\"value\":\"Pris en compte\"", Facts(answered), StringComparison.Ordinal);
        Assert.DoesNotContain(CardClient.Actions(answered), a => a["title"]!.GetValue<string>() == "Prendre en compte");
        var put = await _host.WaitForCardUpdateAsync(issue, "Pris en compte");
        Assert.Contains(Uri.EscapeDataString(issue.Thread!.ConversationId), put.Path, StringComparison.Ordinal);
        await _host.WaitForPartnerMessageAsync($"Votre signalement {issue.Number} a été pris en compte par la police.");
    }

    [Fact]
    public async Task A_targeted_response_stops_the_clock_sends_the_summary_to_the_partner_and_keeps_the_police_note_internal()
    {
        var issue = await _host.NewIssueAsync();
        var form = await _host.As(GapDeputy).ClickAsync(await _host.CardAsync(issue), ActionIds.Issue.Response);
        Assert.Equal(Today, CardClient.Inputs(form)[ReferentFields.Date]);

        var answered = await _host.As(GapDeputy).ClickAsync(form, ActionIds.Issue.ResponseSubmit, new Dictionary<string, string>
        {
            [ReferentFields.Type] = "patrouille-ciblee",
            [ReferentFields.Summary] = "Patrouilles à 21 h trois soirs cette semaine.",
            [ReferentFields.Note] = "Individus connus du service, fiche transmise à la BST.",
        });

        var stored = (await _host.ReadAsync(issue))!;
        Assert.Equal(IssueStatus.ResponseEngaged, stored.Status);
        Assert.NotNull(stored.FirstResponseAt);
        var timeline = await _host.TimelineAsync(issue);
        var response = Assert.Single(timeline, e => e.Kind == IssueEventKind.ResponseEngaged);
        Assert.StartsWith("Patrouille ciblée, ", response.Payload, StringComparison.Ordinal);
        Assert.EndsWith(": Patrouilles à 21 h trois soirs cette semaine.", response.Payload, StringComparison.Ordinal);
        var note = Assert.Single(timeline, e => e.Kind == IssueEventKind.NoteAdded);
        Assert.Equal(EventVisibility.PoliceOnly, note.Visibility);
        Assert.Contains("Réponse ciblée engagée", Facts(answered), StringComparison.Ordinal);

        await _host.WaitForCardUpdateAsync(issue, "Réponse ciblée engagée");
        var message = await _host.WaitForPartnerMessageAsync("Patrouilles à 21 h trois soirs cette semaine.");
        Assert.Contains("patrouille ciblée", CardClient.AllText(message.Body!), StringComparison.Ordinal);
        Assert.Empty(_host.PartnerMessagesContaining("fiche transmise"));
    }

    [Fact]
    public async Task An_incomplete_response_form_comes_back_with_messages_and_values_kept_and_changes_nothing()
    {
        var issue = await _host.NewIssueAsync();
        var form = await _host.As(GapReferent).ClickAsync(await _host.CardAsync(issue), ActionIds.Issue.Response);

        var again = await _host.As(GapReferent).ClickAsync(form, ActionIds.Issue.ResponseSubmit, new Dictionary<string, string>
        {
            [ReferentFields.Type] = "inventee",
            [ReferentFields.Date] = "2019-01-01",
            [ReferentFields.Summary] = " ",
            [ReferentFields.Note] = "Note gardée",
        });

        var errors = CardClient.Errors(again);
        Assert.Equal("Choisissez le type de réponse.", errors[ReferentFields.Type]);
        Assert.StartsWith("La date doit être entre le ", errors[ReferentFields.Date], StringComparison.Ordinal);
        Assert.Equal("Écrivez le message destiné au partenaire.", errors[ReferentFields.Summary]);
        Assert.Equal("Note gardée", CardClient.Inputs(again)[ReferentFields.Note]);
        Assert.Equal(IssueStatus.New, (await _host.ReadAsync(issue))!.Status);
        Assert.DoesNotContain(await _host.TimelineAsync(issue), e => e.Kind == IssueEventKind.ResponseEngaged);
    }

    [Fact]
    public async Task Pause_needs_a_reason_within_the_configured_length_and_resume_brings_the_pause_button_back()
    {
        var issue = await _host.NewIssueAsync();
        var newCard = await _host.CardAsync(issue);
        Assert.DoesNotContain(CardClient.Actions(newCard), a => a["verb"]!.GetValue<string>() == ActionIds.Issue.Pause);
        var acknowledged = await _host.As(Commissioner).ClickAsync(newCard, ActionIds.Issue.Acknowledge);
        var form = await _host.As(Commissioner).ClickAsync(acknowledged, ActionIds.Issue.Pause);

        var empty = await _host.As(Commissioner).ClickAsync(form, ActionIds.Issue.PauseSubmit, new Dictionary<string, string> { [ReferentFields.Reason] = "" });
        Assert.StartsWith("Indiquez le motif de la pause", CardClient.Errors(empty)[ReferentFields.Reason], StringComparison.Ordinal);
        var tooLong = await _host.As(Commissioner).ClickAsync(form, ActionIds.Issue.PauseSubmit,
            new Dictionary<string, string> { [ReferentFields.Reason] = new string('m', int.Parse(PauseReasonMaxLength) + 1) });
        Assert.StartsWith($"Ce texte ne doit pas dépasser {PauseReasonMaxLength} caractères", CardClient.Errors(tooLong)[ReferentFields.Reason], StringComparison.Ordinal);
        Assert.Null((await _host.ReadAsync(issue))!.PausedAt);

        var paused = await _host.As(Commissioner).ClickAsync(form, ActionIds.Issue.PauseSubmit,
            new Dictionary<string, string> { [ReferentFields.Reason] = "Enquête judiciaire en cours" });

        Assert.NotNull((await _host.ReadAsync(issue))!.PausedAt);
        Assert.Equal("Enquête judiciaire en cours", Assert.Single(await _host.TimelineAsync(issue), e => e.Kind == IssueEventKind.Paused).Payload);
        Assert.Contains("en pause", Facts(paused), StringComparison.Ordinal);
        Assert.Contains(CardClient.Actions(paused), a => a["verb"]!.GetValue<string>() == ActionIds.Issue.Resume);
        Assert.DoesNotContain(CardClient.Actions(paused), a => a["verb"]!.GetValue<string>() == ActionIds.Issue.Pause);
        await _host.WaitForCardUpdateAsync(issue, "en pause");

        var resumed = await _host.As(Commissioner).ClickAsync(paused, ActionIds.Issue.Resume);
        Assert.Null((await _host.ReadAsync(issue))!.PausedAt);
        Assert.Single(await _host.TimelineAsync(issue), e => e.Kind == IssueEventKind.Resumed);
        Assert.Contains(CardClient.Actions(resumed), a => a["verb"]!.GetValue<string>() == ActionIds.Issue.Pause);
    }

    [Fact]
    public async Task A_question_reaches_the_partner_whose_answer_joins_the_timeline_and_the_thread_once()
    {
        var issue = await _host.NewIssueAsync();
        var form = await _host.As(GapReferent).ClickAsync(await _host.CardAsync(issue), ActionIds.Issue.Clarify);
        await _host.As(GapReferent).ClickAsync(form, ActionIds.Issue.ClarifySubmit,
            new Dictionary<string, string> { [ReferentFields.Question] = "À quelle heure le groupe arrive-t-il ?" });

        var asked = Assert.Single(await _host.TimelineAsync(issue), e => e.Kind == IssueEventKind.ClarificationRequested);
        Assert.Equal("À quelle heure le groupe arrive-t-il ?", asked.Payload);
        var message = await _host.WaitForPartnerMessageAsync("À quelle heure le groupe arrive-t-il ?");
        var question = message.Body!["attachments"]![0]!["content"]!.AsObject();

        var empty = await _host.Partner.ClickAsync(question, ActionIds.Partner.ClarificationAnswer, new Dictionary<string, string> { [ReferentFields.Answer] = "" });
        Assert.Equal("Écrivez votre réponse.", CardClient.Errors(empty)[ReferentFields.Answer]);
        var thanks = await _host.Partner.ClickAsync(question, ActionIds.Partner.ClarificationAnswer,
            new Dictionary<string, string> { [ReferentFields.Answer] = "Vers 20 h, surtout le vendredi." });
        var again = await _host.Partner.ClickAsync(question, ActionIds.Partner.ClarificationAnswer,
            new Dictionary<string, string> { [ReferentFields.Answer] = "Vers 20 h, surtout le vendredi." });

        Assert.Contains("Réponse transmise", Facts(thanks), StringComparison.Ordinal);
        Assert.Contains("déjà été transmise", Facts(again), StringComparison.Ordinal);
        var answer = Assert.Single(await _host.TimelineAsync(issue), e => e.Kind == IssueEventKind.ClarificationAnswered);
        Assert.Equal("Vers 20 h, surtout le vendredi.", answer.Payload);
        Assert.Equal(DemoPeople.Partner, answer.ActorObjectId);
        var reply = await _host.WaitForRequestAsync(r => r.Method == "POST"
            && r.Path.EndsWith($"/activities/{issue.Thread!.RootActivityId}", StringComparison.Ordinal)
            && CardClient.AllText(r.Body!).Contains("Vers 20 h", StringComparison.Ordinal), "the answer in the thread");
        Assert.Contains("<at>Lieutenant Julien Arnaud</at>", CardClient.AllText(reply.Body!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfer_moves_the_issue_to_the_other_sector_and_opens_a_thread_there_with_the_history()
    {
        var issue = await _host.NewIssueAsync();
        var acknowledged = await _host.As(GapReferent).ClickAsync(await _host.CardAsync(issue), ActionIds.Issue.Acknowledge);
        var form = await _host.As(GapReferent).ClickAsync(acknowledged, ActionIds.Issue.Transfer);
        Assert.DoesNotContain($"\"value\":\"{DemoDepartment.GapCentre}\"", Facts(form), StringComparison.Ordinal);

        var answered = await _host.As(GapReferent).ClickAsync(form, ActionIds.Issue.TransferSubmit, new Dictionary<string, string>
        {
            [ReferentFields.TargetSector] = "briancon-hyper-centre",
            [ReferentFields.Reason] = "Adresse située à Briançon",
        });

        Assert.Contains("transféré au secteur Briançon – hyper-centre", Facts(answered), StringComparison.Ordinal);
        Assert.Null(await _host.FindAsync(issue, DemoDepartment.GapCentre));
        var moved = (await _host.ReadAsync(issue, "briancon-hyper-centre"))!;
        Assert.Equal(IssueStatus.Acknowledged, moved.Status);
        Assert.Single(await _host.TimelineAsync(issue), e => e.Kind == IssueEventKind.Transferred && e.ActorObjectId == GapReferent);
        await _host.WaitForCardUpdateAsync(issue, "transféré au secteur Briançon");
        var post = await _host.WaitForRequestAsync(r => r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal)
            && r.Body!["channelData"]?["channel"]?["id"]?.GetValue<string>() == "19:briancon-hyper-centre@thread.tacv2", "a new thread in Briançon");
        var newCard = CardClient.AllText(post.Body!["activity"]!["attachments"]![0]!["content"]!);
        Assert.Contains("Transféré depuis le secteur Gap – hyper-centre", newCard, StringComparison.Ordinal);
        Assert.Contains("Pris en compte — Lieutenant Julien Arnaud", newCard, StringComparison.Ordinal);
        Assert.Contains("<at>Capitaine Antoine Perrin</at>", newCard, StringComparison.Ordinal);

        // The new thread is attached once posted; the old card's buttons find nothing to change.
        var deadline = DateTime.UtcNow + BotTestHost.DefaultWait;
        while ((await _host.ReadAsync(issue, "briancon-hyper-centre"))!.Thread is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.StartsWith("19:briancon-hyper-centre@thread.tacv2;messageid=", (await _host.ReadAsync(issue, "briancon-hyper-centre"))!.Thread!.ConversationId, StringComparison.Ordinal);
        var old = await _host.As(GapReferent).InvokeAsync(ActionIds.Issue.Close, IssueRef.Of(issue).ToData());
        Assert.Equal(IssueAnswers.Moved, old["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Closing_needs_an_outcome_and_the_duplicated_number_and_tells_the_partner()
    {
        var issue = await _host.NewIssueAsync();
        var form = await _host.As(Commissioner).ClickAsync(await _host.CardAsync(issue), ActionIds.Issue.Close);

        var noOutcome = await _host.As(Commissioner).ClickAsync(form, ActionIds.Issue.CloseSubmit);
        Assert.Equal("Choisissez l'issue du signalement.", CardClient.Errors(noOutcome)[ReferentFields.Outcome]);
        var noNumber = await _host.As(Commissioner).ClickAsync(form, ActionIds.Issue.CloseSubmit, new Dictionary<string, string> { [ReferentFields.Outcome] = "doublon" });
        Assert.StartsWith("Indiquez le numéro du signalement", CardClient.Errors(noNumber)[ReferentFields.DuplicateOf], StringComparison.Ordinal);
        Assert.Equal(IssueStatus.New, (await _host.ReadAsync(issue))!.Status);

        var closed = await _host.As(Commissioner).ClickAsync(form, ActionIds.Issue.CloseSubmit, new Dictionary<string, string>
        {
            [ReferentFields.Outcome] = "doublon",
            [ReferentFields.DuplicateOf] = "05-2025-0042",
            [ReferentFields.Message] = "Nous suivons déjà ce problème.",
        });

        var stored = (await _host.ReadAsync(issue))!;
        Assert.Equal(IssueOutcome.Duplicate, stored.Outcome);
        Assert.Equal("Doublon : doublon de 05-2025-0042 — Nous suivons déjà ce problème.",
            Assert.Single(await _host.TimelineAsync(issue), e => e.Kind == IssueEventKind.Closed).Payload);
        // No workflow button once closed: only masking a passage and opening a diagnostic remain.
        Assert.Equal([ActionIds.Issue.Mask, ActionIds.Diagnostic.OpenForm], CardClient.Actions(closed).Select(a => a["verb"]!.GetValue<string>()));
        Assert.Contains("Clos — Doublon", Facts(closed), StringComparison.Ordinal);
        var message = await _host.WaitForPartnerMessageAsync($"Votre signalement {issue.Number} est clos : doublon.");
        Assert.Contains("Nous suivons déjà ce problème.", CardClient.AllText(message.Body!), StringComparison.Ordinal);
        await _host.WaitForCardUpdateAsync(issue, "Clos — Doublon");
    }

    public static TheoryData<string, string> ForbiddenClicks()
    {
        var data = new TheoryData<string, string>();
        // Administrators manage the department; they do not act on issue content.
        string[] people = [DemoPeople.Partner, BrianconReferent, Stranger, DemoPeople.Administrator];
        string[] verbs =
        [
            ActionIds.Issue.Acknowledge, ActionIds.Issue.Response, ActionIds.Issue.ResponseSubmit, ActionIds.Issue.Clarify, ActionIds.Issue.ClarifySubmit,
            ActionIds.Issue.Pause, ActionIds.Issue.PauseSubmit, ActionIds.Issue.Resume, ActionIds.Issue.Transfer, ActionIds.Issue.TransferSubmit,
            ActionIds.Issue.Close, ActionIds.Issue.CloseSubmit,
        ];
        foreach (var person in people)
        {
            foreach (var verb in verbs)
            {
                data.Add(person, verb);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ForbiddenClicks))]
    public async Task Anyone_but_the_sector_police_is_refused_in_French_and_nothing_changes(string objectId, string verb)
    {
        var issue = await _host.NewIssueAsync();
        var before = await _host.TimelineAsync(issue);
        var data = IssueRef.Of(issue).ToData();
        data[ReferentFields.Type] = "patrouille-ciblee";
        data[ReferentFields.Date] = Today;
        data[ReferentFields.Summary] = "Patrouille";
        data[ReferentFields.Question] = "Question ?";
        data[ReferentFields.Reason] = "Motif valable";
        data[ReferentFields.TargetSector] = "briancon-hyper-centre";
        data[ReferentFields.Outcome] = "resolu";

        var response = await _host.As(objectId).InvokeAsync(verb, data);

        Assert.Equal("application/vnd.microsoft.activity.message", response["type"]!.GetValue<string>());
        Refusals.AssertRefused(response["value"]!.GetValue<string>());
        Assert.Equal(issue, await _host.ReadAsync(issue));
        Assert.Equal(before.Select(e => e.Id), (await _host.TimelineAsync(issue)).Select(e => e.Id));
    }

    [Fact]
    public async Task A_replayed_click_is_applied_once_and_answers_the_current_card()
    {
        var issue = await _host.NewIssueAsync();
        var card = await _host.CardAsync(issue);

        await _host.As(GapReferent).ClickAsync(card, ActionIds.Issue.Acknowledge);
        var replay = await _host.As(GapReferent).ClickAsync(card, ActionIds.Issue.Acknowledge);

        Assert.Single(await _host.TimelineAsync(issue), e => e.Kind == IssueEventKind.Acknowledged);
        Assert.Contains("\"Statut\",\"value\":\"Pris en compte\"", Facts(replay), StringComparison.Ordinal);
        await _host.WaitForPartnerMessageAsync("a été pris en compte par la police");
        await Task.Delay(500);
        Assert.Single(_host.PartnerMessagesContaining($"Votre signalement {issue.Number} a été pris en compte"));
    }

    [Fact]
    public async Task A_form_from_a_card_older_than_the_issue_is_answered_with_the_current_card_and_not_applied()
    {
        var issue = await _host.NewIssueAsync();
        var card = await _host.CardAsync(issue);
        var closeForm = await _host.As(GapReferent).ClickAsync(card, ActionIds.Issue.Close);
        await _host.As(GapDeputy).ClickAsync(card, ActionIds.Issue.Acknowledge);

        var stale = await _host.As(GapReferent).ClickAsync(closeForm, ActionIds.Issue.CloseSubmit, new Dictionary<string, string> { [ReferentFields.Outcome] = "resolu" });
        var staleOpen = await _host.As(GapReferent).ClickAsync(card, ActionIds.Issue.Transfer);

        Assert.Contains(IssueActionsFeature.StaleNotice, Facts(stale), StringComparison.Ordinal);
        Assert.Contains(IssueActionsFeature.StaleNotice, Facts(staleOpen), StringComparison.Ordinal);
        var stored = (await _host.ReadAsync(issue))!;
        Assert.Equal(IssueStatus.Acknowledged, stored.Status);
        Assert.DoesNotContain(await _host.TimelineAsync(issue), e => e.Kind == IssueEventKind.Closed);
    }

    [Fact]
    public async Task The_refresh_lists_the_referent_deputy_and_commissioner_teams_ids_once_the_referent_and_deputy_are_known()
    {
        var issue = await _host.NewIssueAsync();
        // Asked by the commissioner: neither the referent nor the deputy has written to the bot yet.
        Assert.Null((await _host.CardAsync(issue, Commissioner))["refresh"]!["userIds"]);

        foreach (var objectId in new[] { GapReferent, GapDeputy })
        {
            await _host.PostAsync(TeamsActivities.BotAddedToPersonalChat(_host.Connector.ServiceUrl, objectId));
        }

        var card = await _host.CardAsync(issue);
        Assert.Equal(ActionIds.Issue.Refresh, card["refresh"]!["action"]!["verb"]!.GetValue<string>());
        // The commissioner wrote to the bot above (her refresh stored her personal chat): she gets the police view too.
        Assert.Equal(["29:1julien", "29:1sophie", "29:1helene"], card["refresh"]!["userIds"]!.AsArray().Select(n => n!.GetValue<string>()));
    }
}

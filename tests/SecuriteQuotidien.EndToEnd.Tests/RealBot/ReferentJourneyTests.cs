using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.MyReports;
using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing.Playground;
using Xunit.Abstractions;

namespace SecuriteQuotidien.EndToEnd.Tests.RealBot;

/// <summary>
/// Issue 5 in the real bot process through the real Agents Playground: the referent acts on the root
/// card in the sector channel (acting as that team member), the partner (Camille Roux, the playground's
/// current user) follows in their 1:1 chat, and the dev clock brings the follow-up question.
/// </summary>
public sealed class ReferentJourneyTests(RealBotFixture fixture, ITestOutputHelper output) : IClassFixture<RealBotFixture>
{
    private const string PartnerSummary = "Trois patrouilles ciblées sont passées en soirée cette semaine ; le groupe a été contrôlé.";
    private const string PoliceOnlyNote = "NOTE-POLICE-SEULEMENT : deux individus connus du service, suivi par la BAC.";
    private const string ClosingMessage = "Le hall est calme depuis dix jours.";

    private PlaygroundClient Client => fixture.Client;

    [Fact]
    public Task The_referent_takes_in_charge_responds_and_closes_the_partner_sees_each_step_and_a_persisting_problem_reopens_the_issue() => fixture.ExplainingFailuresAsync(async () =>
    {
        var watch = Stopwatch.StartNew();
        await Client.InstallEverywhereAsync();
        var issue = await Client.ReportAndWaitForRootPostAsync();
        var referent = Client.ReferentId();
        Assert.Contains("Nouveau", CardForm.AllText(CardForm.CardOf(issue.Root)), StringComparison.Ordinal);

        // "Prendre en compte": the clicker's card, the root post for everyone, the partner's chat.
        var acknowledged = CardForm.CardOf(await Client.ClickOnIssueCardAsync(issue, CardForm.CardOf(issue.Root), ActionIds.Issue.Acknowledge, referent));
        Assert.Contains("Pris en compte", CardForm.AllText(acknowledged), StringComparison.Ordinal);
        var rootAcknowledged = await Client.WaitForRootUpdateAsync(issue, "Pris en compte");
        Assert.DoesNotContain(CardForm.ExecuteActions(rootAcknowledged), a => a["verb"]?.GetValue<string>() == ActionIds.Issue.Acknowledge);
        Assert.Contains(ReferentJourneySteps.ReferentName, CardForm.AllText(rootAcknowledged), StringComparison.Ordinal);
        await Client.WaitForPartnerMessageAsync($"Votre signalement {issue.Number} a été pris en compte par la police.");

        // "Réponse ciblée": its form, then the record; the partner gets the summary, never the police-only note.
        var form = CardForm.CardOf(await Client.ClickOnIssueCardAsync(issue, acknowledged, ActionIds.Issue.Response, referent));
        Assert.Contains($"Signalement {issue.Number} — Réponse ciblée", CardForm.AllText(form), StringComparison.Ordinal);
        var today = (await fixture.Bot.DevClockAsync()).Paris.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var responded = CardForm.CardOf(await Client.ClickOnIssueCardAsync(issue, form, ActionIds.Issue.ResponseSubmit, referent, new Dictionary<string, string>
        {
            [ReferentFields.Type] = "patrouille-ciblee",
            [ReferentFields.Date] = today,
            [ReferentFields.Summary] = PartnerSummary,
            [ReferentFields.Note] = PoliceOnlyNote,
        }));
        Assert.Contains("Réponse ciblée engagée", CardForm.AllText(responded), StringComparison.Ordinal);
        await Client.WaitForRootUpdateAsync(issue, "Réponse ciblée engagée");
        var responseStep = CardForm.AllText(CardForm.CardOf(await Client.WaitForPartnerMessageAsync($"Une réponse ciblée a été engagée sur votre signalement {issue.Number} : patrouille ciblée.")));
        Assert.Contains(PartnerSummary, responseStep, StringComparison.Ordinal);
        Assert.DoesNotContain("NOTE-POLICE", responseStep, StringComparison.Ordinal);

        // "Clôturer" with the outcome "résolu".
        var closeForm = CardForm.CardOf(await Client.ClickOnIssueCardAsync(issue, responded, ActionIds.Issue.Close, referent));
        var closed = CardForm.CardOf(await Client.ClickOnIssueCardAsync(issue, closeForm, ActionIds.Issue.CloseSubmit, referent, new Dictionary<string, string>
        {
            [ReferentFields.Outcome] = "resolu",
            [ReferentFields.Message] = ClosingMessage,
        }));
        Assert.Contains("Clos — Résolu", CardForm.AllText(closed), StringComparison.Ordinal);
        string[] workflow = [ActionIds.Issue.Acknowledge, ActionIds.Issue.Response, ActionIds.Issue.Clarify, ActionIds.Issue.Pause, ActionIds.Issue.Resume, ActionIds.Issue.Transfer, ActionIds.Issue.Close];
        Assert.DoesNotContain(CardForm.ExecuteActions(await Client.WaitForRootUpdateAsync(issue, "Clos — Résolu")), a => workflow.Contains(a["verb"]?.GetValue<string>()));
        var closedStep = CardForm.AllText(CardForm.CardOf(await Client.WaitForPartnerMessageAsync($"Votre signalement {issue.Number} est clos : résolu.")));
        Assert.Contains(ClosingMessage, closedStep, StringComparison.Ordinal);
        output.WriteLine($"{issue.Number}: taken in charge, answered and closed through the playground in {watch.Elapsed.TotalSeconds:F1} s.");

        // The follow-up delay (15 days by default) passes on the dev clock: "Le problème persiste-t-il ?" → "Oui".
        var before = await fixture.Bot.DevClockAsync();
        var after = await fixture.Bot.AdvanceClockAsync("P15D");
        Assert.True(after.Now - before.Now >= TimeSpan.FromDays(15));
        var question = await Client.WaitForPartnerMessageAsync(IssueFollowUp.Question);
        Assert.Contains($"Votre signalement {issue.Number}", CardForm.AllText(CardForm.CardOf(question)), StringComparison.Ordinal);
        var thanks = await Client.ClickAsync(question, CardForm.CardOf(question), ActionIds.Partner.FollowUpAnswer, title: "Oui");
        Assert.Contains($"Le signalement {issue.Number} est rouvert", CardForm.AllText(thanks), StringComparison.Ordinal);

        // The referent is told in the issue's thread (a reply, @mentioned); the root card shows it open with a new clock.
        var note = await Client.WaitForCardAsync(issue.Thread, $"le signalement {issue.Number} est rouvert et attend une nouvelle réponse ciblée");
        Assert.Equal(issue.Thread, note.ConversationId);
        Assert.Contains(ReferentJourneySteps.MentionsOf(CardForm.CardOf(note)), m => m.Id == ReferentJourneySteps.ReferentObjectId);
        var reopened = CardForm.AllText(await Client.WaitForRootUpdateAsync(issue, "Rouvert"));
        Assert.Contains("Pris en compte", reopened, StringComparison.Ordinal);
        Assert.Contains("dans 30 jours", reopened, StringComparison.Ordinal);

        // "mes signalements": open again ("Pris en compte", no longer "Clos — Résolu"), the reopening in its timeline.
        await Client.SendPersonalMessageAsync("mes signalements");
        var list = await Client.WaitForCardAsync(Client.Tenant.PersonalChatId, "Mes signalements");
        var detailCard = await Client.ClickAsync(list, CardForm.CardOf(list), ActionIds.MyReports.Detail, title: $"Voir le signalement {issue.Number}");
        var status = detailCard["body"]![0]!["items"]![1]!["text"]!.GetValue<string>();
        Assert.StartsWith("Pris en compte", status, StringComparison.Ordinal);
        var detail = CardForm.AllText(detailCard);
        Assert.Contains("Signalement rouvert", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Clos — Résolu", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("NOTE-POLICE", detail, StringComparison.Ordinal);
        output.WriteLine($"Whole journey with the follow-up and the reopening: {watch.Elapsed.TotalSeconds:F1} s.");
    });

    [Fact]
    public Task Someone_who_is_not_police_of_the_sector_gets_a_french_refusal_and_nothing_changes() => fixture.ExplainingFailuresAsync(async () =>
    {
        await Client.InstallEverywhereAsync();
        var issue = await Client.ReportAndWaitForRootPostAsync();
        var root = CardForm.CardOf(issue.Root);
        var karim = Client.Tenant.User("Karim Benali").Id;
        var camille = Client.Tenant.CurrentUser.Id;
        var closeForm = CardForm.CardOf(await Client.ClickOnIssueCardAsync(issue, root, ActionIds.Issue.Close, Client.ReferentId()));
        var attempts = new (string Who, JsonObject Card, string Verb, Dictionary<string, string>? Typed)[]
        {
            (camille, root, ActionIds.Issue.Acknowledge, null),
            (karim, root, ActionIds.Issue.Acknowledge, null),
            (karim, root, ActionIds.Issue.Response, null),
            (camille, closeForm, ActionIds.Issue.CloseSubmit, new() { [ReferentFields.Outcome] = "resolu" }),
        };

        foreach (var (who, card, verb, typed) in attempts)
        {
            var answer = await Client.ClickOnIssueCardAsync(issue, card, verb, who, typed);
            Assert.Equal(IssueAnswers.Refusal, ReferentJourneySteps.MessageOf(answer));
        }

        // Nothing changed: the card the strangers clicked is still current, so the referent's click on it applies
        // (a changed issue would answer the stale notice), and the timeline holds only the referent's action.
        var acknowledged = CardForm.AllText(CardForm.CardOf(await Client.ClickOnIssueCardAsync(issue, root, ActionIds.Issue.Acknowledge, Client.ReferentId())));
        Assert.DoesNotContain(IssueActionsFeature.StaleNotice, acknowledged, StringComparison.Ordinal);
        var updated = CardForm.AllText(await Client.WaitForRootUpdateAsync(issue, "Pris en compte"));
        Assert.DoesNotContain("Karim Benali", updated, StringComparison.Ordinal);
        Assert.DoesNotContain("Clôturé", updated, StringComparison.Ordinal);
        Assert.DoesNotContain("Clos", updated, StringComparison.Ordinal);
    });
}

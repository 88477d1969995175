using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using SecuriteQuotidien.Bot.Diagnostics;
using SecuriteQuotidien.Bot.Export;
using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Testing.Playground;
using Xunit.Abstractions;

namespace SecuriteQuotidien.EndToEnd.Tests.RealBot;

/// <summary>
/// Issue 8 in the real bot process through the real Agents Playground: the referent turns three related issues
/// into a shared diagnostic with a two-line action plan (on the cards in the sector channel, as that team member),
/// the partner (Camille Roux, the playground's current user) marks their action done from their 1:1 chat, and
/// `ordre du jour` in the channel shows it all; the partner exports it to Excel (partner version) from the channel.
/// </summary>
public sealed class DiagnosticPlaygroundTests(RealBotFixture fixture, ITestOutputHelper output) : IClassFixture<RealBotFixture>
{
    private const string Title = "Occupation du hall A de la résidence Les Cèdres";
    private const string PartnerAction = "Installer un éclairage à détecteur dans le hall A";
    private const string PoliceAction = "Patrouilles ciblées en soirée";
    private const string DoneComment = "Éclairage posé le jour même par le syndic.";

    private PlaygroundClient Client => fixture.Client;

    [Fact]
    public Task A_referent_turns_three_issues_into_a_diagnostic_a_partner_marks_their_action_done_and_the_agenda_shows_it_all() => fixture.ExplainingFailuresAsync(async () =>
    {
        await Client.InstallEverywhereAsync();
        var issues = new List<ReportedIssue>();
        for (var i = 0; i < 3; i++)
        {
            issues.Add(await Client.ReportAndWaitForRootPostAsync());
        }
        var referent = Client.ReferentId();
        var first = issues[0];

        // "Ouvrir un diagnostic" on the first issue's card: the form, that issue selected; the three linked.
        var form = CardForm.CardOf(await Client.ClickOnIssueCardAsync(first, CardForm.CardOf(first.Root), ActionIds.Diagnostic.OpenForm, referent));
        Assert.Equal(first.Number, CardForm.Inputs(form)[DiagnosticFields.Issues]);
        var answer = CardForm.CardOf(await Client.ClickOnIssueCardAsync(first, form, ActionIds.Diagnostic.OpenSubmit, referent, new Dictionary<string, string>
        {
            [DiagnosticFields.Title] = Title,
            [DiagnosticFields.Issues] = string.Join(',', issues.Select(i => i.Number)),
        }));
        Assert.Contains("ouvert : sa carte est publiée dans le canal du secteur", CardForm.AllText(answer), StringComparison.Ordinal);

        // The diagnostic card: a new thread of the sector channel, constat pre-filled from the three issues.
        var post = (await Client.WaitForBotAsync(1, e => e.Action == PlaygroundEvent.CreateMessage && e.PostConversationId is not null
            && TeamsUser.IsCard(e, TeamsUser.GapHyperCentreChannelId, "Diagnostic partagé D05-"), TeamsUser.Wait))[0];
        var card = CardForm.CardOf(post);
        var number = CardForm.AllText(card).Split('\n').First(l => l.StartsWith("Diagnostic partagé D05-", StringComparison.Ordinal))["Diagnostic partagé ".Length..];
        Assert.Contains("3 signalements", CardForm.AllText(card), StringComparison.Ordinal);

        // A two-line action plan: one line for the partner's organisation, one for the police.
        var due = DateOnly.FromDateTime((await fixture.Bot.DevClockAsync()).Paris.DateTime).AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var (text, owner) in new[] { (PartnerAction, "residence-les-cedres"), (PoliceAction, "police") })
        {
            var actionForm = CardForm.CardOf(await ClickOnPostAsync(post, card, ActionIds.Diagnostic.AddAction, referent));
            card = CardForm.CardOf(await ClickOnPostAsync(post, actionForm, ActionIds.Diagnostic.AddActionSubmit, referent, new Dictionary<string, string>
            {
                [DiagnosticFields.ActionText] = text,
                [DiagnosticFields.Owner] = owner,
                [DiagnosticFields.DueDate] = due,
            }));
        }
        Assert.Contains(PoliceAction, CardForm.AllText(card), StringComparison.Ordinal);
        await WaitForPostUpdateAsync(post, PoliceAction);

        // The partner: « mes actions » in the 1:1 chat shows their line only, "Marquer comme fait" with a comment.
        await Client.SendPersonalMessageAsync("mes actions");
        var list = await Client.WaitForCardAsync(Client.Tenant.PersonalChatId, "Mes actions");
        var listText = CardForm.AllText(CardForm.CardOf(list));
        Assert.Contains(PartnerAction, listText, StringComparison.Ordinal);
        Assert.DoesNotContain(PoliceAction, listText, StringComparison.Ordinal);
        var doneForm = await Client.ClickAsync(list, CardForm.CardOf(list), ActionIds.DiagnosticPartner.Done);
        var done = await Client.ClickAsync(list, doneForm, ActionIds.DiagnosticPartner.DoneSubmit, new Dictionary<string, string> { [DiagnosticFields.Comment] = DoneComment });
        Assert.Contains("Action A1 marquée comme faite. Merci !", CardForm.AllText(done), StringComparison.Ordinal);
        await WaitForPostUpdateAsync(post, DoneComment);

        // `ordre du jour` in the channel, typed by the referent: the three issues, the diagnostic, the action done.
        var asked = await SendChannelMessageAsReferentAsync("ordre du jour");
        var agendaPost = await Client.WaitForCardAsync(asked, "Ordre du jour du GPO – Gap – hyper-centre");
        var agenda = CardForm.AllText(CardForm.CardOf(agendaPost));
        Assert.All(issues, i => Assert.Contains(i.Number, agenda, StringComparison.Ordinal));
        Assert.Contains($"{number} — {Title} : 1/2 actions faites", agenda, StringComparison.Ordinal);
        Assert.Contains(PartnerAction, agenda, StringComparison.Ordinal);
        Assert.Contains(DoneComment, agenda, StringComparison.Ordinal);
        output.WriteLine($"{number}: {issues.Count} issues, 2 actions, 1 done by the partner; agenda shown in the channel.");

        await DownloadAgendaAsPartnerAsync(agendaPost, issues, number);
    });

    /// <summary>
    /// The partner clicks "Exporter (Excel)" on the agenda in the channel: the link arrives in their 1:1 chat and
    /// downloads once the partner version of the workbook, without the police action.
    /// </summary>
    private async Task DownloadAgendaAsPartnerAsync(PlaygroundEvent agendaPost, IReadOnlyList<ReportedIssue> issues, string number)
    {
        var (_, data) = CardForm.Click(CardForm.CardOf(agendaPost), ActionIds.Meeting.AgendaExport);
        await Client.InvokeActionAsync(agendaPost.ThreadConversationId, agendaPost.MessageId!, ActionIds.Meeting.AgendaExport, data);
        var ready = CardForm.CardOf(await Client.WaitForCardAsync(Client.Tenant.PersonalChatId, ExportMessages.Title));
        Assert.Contains("Version partageable", CardForm.AllText(ready), StringComparison.Ordinal);
        var url = new Uri(ready["actions"]!.AsArray().Single(a => a?["type"]?.GetValue<string>() == "Action.OpenUrl")!["url"]!.GetValue<string>());
        // The Development link names http://localhost:3978; the bot under test listens on its own port.
        var link = new Uri(fixture.Bot.BaseUrl, url.PathAndQuery);
        using var http = new HttpClient { Timeout = TeamsUser.Wait };

        using var response = await http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var workbook = new XLWorkbook(new MemoryStream(bytes)))
        {
            var cells = string.Join('\n', workbook.Worksheets.SelectMany(w => w.CellsUsed()).Select(c => c.GetString()));
            Assert.All(issues, i => Assert.Contains(i.Number, cells, StringComparison.Ordinal));
            Assert.Contains(number, cells, StringComparison.Ordinal);
            Assert.Contains(PartnerAction, cells, StringComparison.Ordinal);
            Assert.DoesNotContain(PoliceAction, cells, StringComparison.Ordinal);
            Assert.DoesNotContain("Note police", cells, StringComparison.Ordinal);
        }
        output.WriteLine($"Agenda export (partner version): {bytes.Length} bytes, {response.Content.Headers.ContentDisposition?.FileNameStar}");

        using var again = await http.GetAsync(link);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
    }

    private Task<System.Text.Json.JsonElement> ClickOnPostAsync(PlaygroundEvent post, JsonObject card, string verb, string userId,
        IReadOnlyDictionary<string, string>? typed = null)
    {
        var (_, data) = CardForm.Click(card, verb, typed);
        return Client.InvokeActionAsync(post.PostConversationId!, post.MessageId!, verb, data, userId);
    }

    private async Task WaitForPostUpdateAsync(PlaygroundEvent post, string text) =>
        await Client.WaitForBotAsync(1, e => e.Action == PlaygroundEvent.UpdateMessage && e.MessageId == post.MessageId
            && e.Attachments.Count > 0 && CardForm.AllText(CardForm.CardOf(e)).Contains(text, StringComparison.Ordinal), TeamsUser.Wait);

    /// <summary>
    /// A message in the Gap hyper-centre channel mentioning the bot, sent by the referent: the playground's own
    /// channel template (service URL, conversation, channel data) turned into that member's message.
    /// </summary>
    private async Task<string> SendChannelMessageAsReferentAsync(string text)
    {
        var activity = await Client.GetActivityTemplateAsync(TeamsUser.GapHyperCentreChannelId, "userAdded");
        var referent = Client.Tenant.User(ReferentJourneySteps.ReferentName);
        var mention = $"<at>{Client.Tenant.BotName}</at>";
        activity.Remove("membersAdded");
        activity["type"] = "message";
        activity["id"] = Guid.NewGuid().ToString("N");
        activity["from"] = new JsonObject { ["id"] = referent.Id, ["name"] = referent.Name, ["aadObjectId"] = referent.AadObjectId };
        activity["text"] = $"{mention} {text}";
        activity["textFormat"] = "plain";
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = mention,
            ["mentioned"] = new JsonObject { ["id"] = Client.Tenant.BotId, ["name"] = Client.Tenant.BotName },
        });
        if (activity["channelData"] is JsonObject channelData)
        {
            channelData.Remove("eventType");
        }
        await Client.SendCustomActivityAsync(activity);
        return activity["conversation"]!["id"]!.GetValue<string>();
    }
}

using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecuriteQuotidien.Bot.DemoRoles;
using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Playground;
using Xunit.Abstractions;

namespace SecuriteQuotidien.EndToEnd.Tests.RealBot;

/// <summary>
/// The README's « Visite guidée », step by step, in the real bot process through the real Agents Playground, as a
/// person in one browser session does it: every message and click comes from the playground's one current user
/// (Camille Roux), who plays the referent and the commissioner through « Jouer le rôle de… » and <c>/_dev/as</c>.
/// Each step first checks that the README still says what the test types, clicks and expects, so that the tour and
/// its test cannot drift apart; the <c>curl</c> commands are taken from the README and sent to the bot.
/// </summary>
public sealed partial class GuidedTourTests(RealBotFixture fixture, ITestOutputHelper output) : IClassFixture<RealBotFixture>
{
    private const string Number = "05-2026-0001";
    private const string PartnerSummary = "Patrouilles ciblées en soirée cette semaine, le groupe a été contrôlé.";
    private const string PoliceNote = "NOTE-POLICE-SEULEMENT : individus connus du service.";
    private const string ReferentChoice = "Lieutenant Julien Arnaud — référent de Gap – hyper-centre";
    private const string CommissionerChoice = "Commissaire Hélène Faure — commissaire";
    private const string HelpTitle = "Ce que je sais faire";
    private const string PointTitle = "Point : tout le département (Hautes-Alpes)";

    private PlaygroundClient Client => fixture.Client;

    private string Chat => Client.Tenant.PersonalChatId;

    [Fact]
    public Task The_readme_guided_tour_plays_partner_referent_and_commissioner_in_one_playground_session() => fixture.ExplainingFailuresAsync(async () =>
    {
        var steps = ReadmeSteps();
        Assert.Equal(10, steps.Count);
        string Step(int number, params string[] literals)
        {
            var text = steps[number - 1];
            foreach (var literal in literals)
            {
                Assert.True(text.Contains(literal, StringComparison.Ordinal), $"README « Visite guidée », step {number}, no longer says « {literal} »:\n{text}");
            }
            output.WriteLine($"Step {number}: {text[..Math.Min(80, text.Length)]}…");
            return text;
        }

        // 1. The script's ports and the playground's current user are the README's.
        Step(1, "`bash scripts/run-local.sh`", "http://127.0.0.1:56150", "Camille Roux");
        var script = await File.ReadAllTextAsync(RepoPaths.Combine("scripts", "run-local.sh"));
        Assert.Contains("BOT_PORT:-3978", script, StringComparison.Ordinal);
        Assert.Contains("PLAYGROUND_PORT:-56150", script, StringComparison.Ordinal);
        Assert.Equal("Camille Roux", Client.Tenant.CurrentUser.Name);

        // 2. "@Sécurité du Quotidien aide" in General.
        Step(2, "« GPO Hautes-Alpes »", "General", $"`@{Client.Tenant.BotName} aide`");
        await Client.SendChannelMessageAsync(Client.Tenant.TeamId, "aide");
        await Client.WaitForCardAsync(Client.Tenant.TeamId, HelpTitle);

        // 3. The report form, button by button.
        Step(3, "`signaler`", "« Non, continuer le signalement »", "« Suivant »", "« Vérifier avant d'envoyer »", "« Envoyer »",
            $"« Signalement {Number} envoyé »", "Lieutenant Julien Arnaud");
        await Client.SendPersonalMessageAsync("signaler");
        var form = await Client.WaitForCardAsync(Chat, TeamsUser.DangerQuestion);
        var place = await ClickAsync(form, CardForm.CardOf(form), "Non, continuer le signalement");
        var facts = await ClickAsync(form, place, "Suivant", TeamsUser.Place);
        var summary = await ClickAsync(form, facts, "Vérifier avant d'envoyer", TeamsUser.Facts);
        var confirmation = await ClickAsync(form, summary, "Envoyer");
        Assert.Contains($"Signalement {Number} envoyé", CardForm.AllText(confirmation), StringComparison.Ordinal);
        var root = (await Client.WaitForBotAsync(1, e => e.Action == PlaygroundEvent.CreateMessage && e.PostConversationId is not null
            && TeamsUser.IsCard(e, Client.Tenant.TeamId, Number), TeamsUser.Wait))[0];
        var issue = new ReportedIssue(Number, root);
        Assert.Contains(ReferentJourneySteps.MentionsOf(CardForm.CardOf(root)), m => m.Id == ReferentJourneySteps.ReferentObjectId);

        // 4. « Jouer le rôle de… » the referent.
        Step(4, "`aide`", "« Jouer le rôle de… »", $"« {ReferentChoice}… »", "« Jouer ce rôle »");
        var (help, playing) = await PlayAsync(ReferentChoice);

        // 5. His open reports, the police card, « Prendre en compte »; the partner is told in this same chat.
        Step(5, "« Vous jouez maintenant Lieutenant Julien Arnaud »", $"« Ouvrir le signalement {Number} »", "« Prendre en compte »",
            $"« Votre signalement {Number} a été pris en compte par la police. »");
        Assert.Contains("Vous jouez maintenant Lieutenant Julien Arnaud", CardForm.AllText(playing), StringComparison.Ordinal);
        var police = await ClickAsync(help, playing, $"Ouvrir le signalement {Number}");
        var acknowledged = await ClickAsync(help, police, "Prendre en compte");
        Assert.Contains("Pris en compte", CardForm.AllText(acknowledged), StringComparison.Ordinal);
        await Client.WaitForRootUpdateAsync(issue, "Pris en compte");
        await Client.WaitForPartnerMessageAsync($"Votre signalement {Number} a été pris en compte par la police.");

        // 6. The README's dev clock command: the J+15 reminder in the thread, mentioning the referent and the deputy.
        var sixth = Step(6, "/_dev/clock", "« Relance J+15 — … »");
        await CurlAsync(sixth, "/_dev/clock", expectedCount: 1);
        var reminder = (await Client.WaitForBotAsync(1, e => e.ConversationId == issue.Thread && e.Attachments.Count > 0
            && CardForm.AllText(CardForm.CardOf(e)).Contains("Relance J+15 —", StringComparison.Ordinal), TeamsUser.Wait))[0];
        var mentioned = ReferentJourneySteps.MentionsOf(CardForm.CardOf(reminder));
        Assert.Contains(mentioned, m => m.Id == ReferentJourneySteps.ReferentObjectId);
        Assert.Contains(mentioned, m => m.Id == ReferentJourneySteps.DeputyObjectId);

        // 7. « Réponse ciblée » and its form.
        Step(7, "« Réponse ciblée »", "« Enregistrer la réponse »");
        var responseForm = await ClickAsync(help, acknowledged, "Réponse ciblée");
        var today = (await fixture.Bot.DevClockAsync()).Paris.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var responded = await ClickAsync(help, responseForm, "Enregistrer la réponse", new Dictionary<string, string>
        {
            [ReferentFields.Type] = "patrouille-ciblee",
            [ReferentFields.Date] = today,
            [ReferentFields.Summary] = PartnerSummary,
            [ReferentFields.Note] = PoliceNote,
        });
        Assert.Contains("Réponse ciblée engagée", CardForm.AllText(responded), StringComparison.Ordinal);

        // 8. « Redevenir moi-même »: the partner's message and « mes signalements ».
        Step(8, "`aide`", "« Jouer le rôle de… »", "« Redevenir moi-même »",
            $"« Une réponse ciblée a été engagée sur votre signalement {Number} : … »", "`mes signalements`", "« Réponse ciblée engagée »");
        var (again, roles) = await OpenRolesAsync();
        Assert.Contains("Vous êtes de nouveau vous-même", CardForm.AllText(await ClickAsync(again, roles, DemoRolesCards.StopButton)), StringComparison.Ordinal);
        var answer = CardForm.AllText(CardForm.CardOf(await Client.WaitForPartnerMessageAsync($"Une réponse ciblée a été engagée sur votre signalement {Number} :")));
        Assert.Contains(PartnerSummary, answer, StringComparison.Ordinal);
        Assert.DoesNotContain("NOTE-POLICE", answer, StringComparison.Ordinal);
        await Client.SendPersonalMessageAsync("mes signalements");
        var list = CardForm.AllText(CardForm.CardOf(await Client.WaitForCardAsync(Chat, "Mes signalements")));
        Assert.Contains(Number, list, StringComparison.Ordinal);
        Assert.Contains("Réponse ciblée engagée", list, StringComparison.Ordinal);

        // 9. The commissioner's « point ».
        Step(9, "« Jouer le rôle de… »", $"« {CommissionerChoice} »", "« Jouer ce rôle »", "`point`", $"« {PointTitle} »");
        var (_, commissioner) = await PlayAsync(CommissionerChoice);
        Assert.Contains("Vous jouez maintenant Commissaire Hélène Faure", CardForm.AllText(commissioner), StringComparison.Ordinal);
        await Client.SendPersonalMessageAsync("point");
        await Client.WaitForCardAsync(Chat, PointTitle);

        // 10. The README's /_dev/as commands: everyone is Camille again (her own list), then no switch at all.
        var tenth = Step(10, "/_dev/as", "`mes signalements`");
        await CurlAsync(tenth, "/_dev/as", expectedCount: 2, only: 0);
        await Client.SendPersonalMessageAsync("mes signalements");
        Assert.Contains(Number, CardForm.AllText(CardForm.CardOf(await Client.WaitForCardAsync(Chat, "Mes signalements"))), StringComparison.Ordinal);
        await CurlAsync(tenth, "/_dev/as", expectedCount: 2, only: 1);
        using var http = new HttpClient { Timeout = TeamsUser.Wait };
        var state = (await http.GetFromJsonAsync<DemoAsState>(new Uri(fixture.Bot.BaseUrl, "_dev/as"), JsonSerializerOptions.Web))!;
        Assert.Empty(state.Playing);
    });

    /// <summary>« aide », then « Jouer le rôle de… »: the help message (whose card the clicks replace) and the roles card.</summary>
    private async Task<(PlaygroundEvent Help, JsonObject Roles)> OpenRolesAsync()
    {
        await Client.SendPersonalMessageAsync("aide");
        var help = (await Client.WaitForBotAsync(1, e => e.Action == PlaygroundEvent.CreateMessage && TeamsUser.IsCard(e, Chat, HelpTitle), TeamsUser.Wait))[0];
        return (help, await ClickAsync(help, CardForm.CardOf(help), "Jouer le rôle de…"));
    }

    /// <summary>« aide », « Jouer le rôle de… », the person whose choice starts with <paramref name="choice"/>, « Jouer ce rôle ».</summary>
    private async Task<(PlaygroundEvent Help, JsonObject Playing)> PlayAsync(string choice)
    {
        var (help, roles) = await OpenRolesAsync();
        var person = CardClient.Descendants(roles)
            .Where(o => o["title"] is JsonValue && o["value"] is JsonValue && o.Parent is JsonArray)
            .Single(o => o["title"]!.GetValue<string>().StartsWith(choice, StringComparison.Ordinal))["value"]!.GetValue<string>();
        var playing = await ClickAsync(help, roles, "Jouer ce rôle", new Dictionary<string, string> { [DemoRolesCards.PersonField] = person });
        return (help, playing);
    }

    /// <summary>Clicks the button titled <paramref name="title"/> of <paramref name="card"/>, shown in <paramref name="message"/>.</summary>
    private async Task<JsonObject> ClickAsync(PlaygroundEvent message, JsonObject card, string title, IReadOnlyDictionary<string, string>? typed = null)
    {
        var verb = CardForm.ExecuteActions(card).FirstOrDefault(a => a["title"]?.GetValue<string>() == title)?["verb"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"No button « {title} » on the card: {card.ToJsonString()}");
        return await Client.ClickAsync(message, card, verb, typed, title);
    }

    /// <summary>
    /// Sends to the bot the README step's <c>curl -X POST http://127.0.0.1:3978{path} … -d '{json}'</c> commands (the
    /// <paramref name="only"/>-th of them, or all), on the test bot's port; requires a 2xx answer.
    /// </summary>
    private async Task CurlAsync(string step, string path, int expectedCount, int? only = null)
    {
        var commands = CurlCommand().Matches(step).Where(m => m.Groups["path"].Value == path).ToList();
        Assert.Equal(expectedCount, commands.Count);
        using var http = new HttpClient { Timeout = TeamsUser.Wait };
        foreach (var command in only is { } index ? [commands[index]] : commands)
        {
            using var body = new StringContent(command.Groups["json"].Value, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(fixture.Bot.BaseUrl, path.TrimStart('/')), body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{command.Value} answered {(int)response.StatusCode}: {text}");
        }
    }

    [GeneratedRegex(@"curl -X POST http://127\.0\.0\.1:3978(?<path>/\S+) -H 'Content-Type: application/json' -d '(?<json>\{[^']*\})'")]
    private static partial Regex CurlCommand();

    /// <summary>The numbered steps of the README's « Visite guidée » section, each with its continuation lines.</summary>
    private static List<string> ReadmeSteps()
    {
        var readme = File.ReadAllText(RepoPaths.Combine("README.md"));
        var start = readme.IndexOf("## Visite guidée", StringComparison.Ordinal);
        Assert.True(start >= 0, "The README has no « Visite guidée » section.");
        var end = readme.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        var steps = new List<string>();
        foreach (var line in section.Split('\n'))
        {
            var numbered = Regex.Match(line, @"^(\d+)\. (.*)$");
            if (numbered.Success)
            {
                Assert.Equal(steps.Count + 1, int.Parse(numbered.Groups[1].Value, CultureInfo.InvariantCulture));
                steps.Add(numbered.Groups[2].Value);
            }
            else if (steps.Count > 0 && line.StartsWith("   ", StringComparison.Ordinal))
            {
                steps[^1] += " " + line.Trim();
            }
        }
        return steps;
    }
}

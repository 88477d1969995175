using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Status;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Testing;

using SecuriteQuotidien.Bot.Turns;

namespace SecuriteQuotidien.Bot.Tests.Status;

/// <summary>`point`, `en retard`, `échéances` typed in the personal chat, over the data set of <see cref="StatusHost"/>.</summary>
public sealed class StatusCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private StatusHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await StatusHost.StartAsync(azurite, StatusHost.DataSetDay);
        await _host.SeedAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static Dictionary<string, string> Facts(JsonNode card) =>
        Descendants(card)
            .Where(n => n["type"]?.GetValue<string>() == "FactSet")
            .SelectMany(f => f["facts"]!.AsArray())
            .GroupBy(f => f!["title"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.First()!["value"]!.GetValue<string>());

    /// <summary>The figures line under a sector's or a category's name in the breakdowns.</summary>
    private static string BreakdownLine(JsonNode card, string name) =>
        Descendants(card).Where(n => n["type"]?.GetValue<string>() == "Container" && n["items"] is JsonArray { Count: 2 } items
                && items[0]!["text"]?.GetValue<string>() == name)
            .Select(n => n["items"]![1]!["text"]!.GetValue<string>()).Single();

    private static IEnumerable<JsonObject> Descendants(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            yield return obj;
            foreach (var (_, child) in obj)
            {
                foreach (var d in child is null ? [] : Descendants(child))
                {
                    yield return d;
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var d in array.Where(c => c is not null).SelectMany(c => Descendants(c!)))
            {
                yield return d;
            }
        }
    }

    [Fact]
    public async Task Point_gives_the_commissioner_the_department_figures()
    {
        var reply = await _host.AskAsync("point");

        var card = reply.Card!;
        var facts = Facts(card);
        Assert.Equal("6, dont 2 en retard et 2 à échéance sous 7 jours", facts["Ouverts"]);
        Assert.Equal("7", facts["Problèmes identifiés"]);
        Assert.Equal("1", facts["Problèmes résolus"]);
        Assert.Equal("non significatif (1 sur 4)", facts["Réponses dans les délais"]);
        Assert.Equal("25,5 jours (sur 2 réponses)", facts["Délai médian de réponse"]);
        Assert.StartsWith("1 (résolu 1", facts["Clos"], StringComparison.Ordinal);
        var text = CardClient.AllText(card);
        Assert.Equal("2 ouverts, dont 1 en retard · 3 identifiés sur la période · réponses dans les délais : non significatif (1 sur 3)",
            BreakdownLine(card, "Gap – hyper-centre"));
        Assert.Equal("6 ouverts, dont 2 en retard · 7 identifiés sur la période · réponses dans les délais : non significatif (1 sur 4)",
            BreakdownLine(card, "Incivilités"));
        Assert.Contains("Point : tout le département (Hautes-Alpes)", text, StringComparison.Ordinal);
        Assert.Contains("période : les 12 dernières semaines (du 31 août au 20 novembre 2026)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trend_and_sector_charts_are_small_pngs_embedded_in_the_card()
    {
        var reply = await _host.AskAsync("point");

        var images = Descendants(reply.Card!).Where(n => n["type"]?.GetValue<string>() == "Image").ToList();
        Assert.Equal(2, images.Count);
        foreach (var image in images)
        {
            var url = image["url"]!.GetValue<string>();
            Assert.StartsWith("data:image/png;base64,", url, StringComparison.Ordinal);
            var png = Convert.FromBase64String(url["data:image/png;base64,".Length..]);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.InRange(png.Length, 1000, StatusChart.MaxBytes);
        }
    }

    [Fact]
    public async Task Point_Briancon_covers_the_three_Briancon_sectors_only()
    {
        var reply = await _host.AskAsync("point Briançon");

        var facts = Facts(reply.Card!);
        Assert.Equal("3, dont 1 en retard et 1 à échéance sous 7 jours", facts["Ouverts"]);
        Assert.Equal("3", facts["Problèmes identifiés"]);
        Assert.Equal("non significatif (0 sur 1)", facts["Réponses dans les délais"]);
        Assert.Equal("—", facts["Délai médian de réponse"]);
        Assert.DoesNotContain("Gap – hyper-centre", facts.Keys);
        Assert.Contains("Point : Briançon", CardClient.AllText(reply.Card!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task En_retard_lists_the_overdue_issues_oldest_first_each_opening_the_issue()
    {
        var reply = await _host.AskAsync("en retard");

        var text = CardClient.AllText(reply.Card!);
        Assert.Contains("2 signalements en retard, du plus ancien au plus récent", text, StringComparison.Ordinal);
        var first = text.IndexOf("05-2026-0003", StringComparison.Ordinal);
        var second = text.IndexOf("05-2026-0004", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first, text);
        Assert.Contains("36 jours de retard", text, StringComparison.Ordinal);
        Assert.Contains("20 jours de retard", text, StringComparison.Ordinal);
        Assert.Contains("Gap – hyper-centre · ", text, StringComparison.Ordinal);
        Assert.Contains(" · Incivilités", text, StringComparison.Ordinal);
        var opens = Descendants(reply.Card!).Where(n => n["selectAction"] is not null).Select(n => n["selectAction"]!).ToList();
        Assert.Equal(2, opens.Count);
        Assert.All(opens, a => Assert.Equal(SecuriteQuotidien.Bot.Turns.ActionIds.Issue.Refresh, a["verb"]!.GetValue<string>()));
        Assert.Equal("05-2026-0003", opens[0]["data"]!["numero"]!.GetValue<string>());
        Assert.DoesNotContain("05-2026-0007", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echeances_lists_the_issues_due_within_seven_days_nearest_first()
    {
        var reply = await _host.AskAsync("échéances");

        var text = CardClient.AllText(reply.Card!);
        Assert.Contains("2 signalements à échéance dans les 7 prochains jours", text, StringComparison.Ordinal);
        var tomorrow = text.IndexOf("05-2026-0007** · échéance demain", StringComparison.Ordinal);
        var inThreeDays = text.IndexOf("05-2026-0006** · échéance dans 3 jours", StringComparison.Ordinal);
        Assert.True(tomorrow >= 0 && inThreeDays > tomorrow, text);
        Assert.DoesNotContain("05-2026-0005", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_asking_for_the_department_gets_only_their_own_issues()
    {
        var reply = await _host.AskAsync("point département", DemoPeople.Partner);

        var facts = Facts(reply.Card!);
        Assert.Equal("2, dont 1 en retard et 0 à échéance sous 7 jours", facts["Ouverts"]);
        Assert.Equal("3", facts["Problèmes identifiés"]);
        var text = CardClient.AllText(reply.Card!);
        Assert.Contains(StatusScopePolicy.PartnerNote, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Briançon", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_unknown_to_the_directory_is_refused()
    {
        var reply = await _host.AskAsync("point", DemoPeople.Stranger);

        Assert.Null(reply.Card);
        Refusals.AssertRefused(reply.Text);
    }

    [Fact]
    public async Task An_unknown_place_gets_suggestions_never_the_department_figures()
    {
        var reply = await _host.AskAsync("point Brainsonn");

        Assert.Null(reply.Card);
        Assert.Contains("Essayez par exemple : « point Briançon »", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_referent_mentioning_the_bot_in_the_channel_gets_their_sector_in_the_personal_chat_with_a_note()
    {
        var reply = await _host.SayInChannelAsync("point");

        // The channel counts partners: it only heard that the answer went to the referent's personal chat.
        Assert.Contains(_host.Connector.Posts, p => p.Text == TurnKernel.AnsweredInPrivate
            && Uri.UnescapeDataString(p.Path).Contains("19:gap-hyper-centre@thread.tacv2", StringComparison.Ordinal));
        Assert.Contains(TeamsActivities.EscapedPersonalChatOf(DemoPeople.GapReferent), reply.Path, StringComparison.Ordinal);
        var facts = Facts(reply.Card!);
        Assert.Equal("2, dont 1 en retard et 0 à échéance sous 7 jours", facts["Ouverts"]);
        Assert.Contains(StatusScopePolicy.ReferentNote, CardClient.AllText(reply.Card!), StringComparison.Ordinal);
    }
}

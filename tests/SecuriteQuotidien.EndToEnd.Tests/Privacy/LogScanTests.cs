using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecuriteQuotidien.EndToEnd.Tests.RealBot;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Playground;

namespace SecuriteQuotidien.EndToEnd.Tests.Privacy;

/// <summary>The real bot process with its logs at Debug, for the scan of personal data.</summary>
public sealed class DebugLoggingBotFixture : RealBotFixture
{
    protected override IReadOnlyDictionary<string, string?>? BotSettings { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Debug",
        ["Logging:LogLevel:SecuriteQuotidien"] = "Debug",
        ["Retention:PseudonymKey"] = "end-to-end-pseudonym-key-0123456789abcdef",
    };
}

/// <summary>
/// A report with distinctive names and texts, an @mention in the channel and referent actions, through the real
/// Agents Playground to the real bot process; then its captured stdout/stderr must name nobody and quote nothing.
/// </summary>
public sealed partial class LogScanTests(DebugLoggingBotFixture fixture) : IClassFixture<DebugLoggingBotFixture>
{
    private const string ReferentTeamsId = "29:referent-julien-arnaud";
    private const string Description = "Le scooter rouge de Zéphirin Quenelleau bloque l'entrée du hall chaque soir vers 22 h.";
    private const string Effect = "Ambroisine Tartempion, locataire du rez-de-chaussée, n'ose plus sortir.";
    private const string Detail = "Escalier Bérénice-Folcoche, porte vitrée";
    private const string Mention = "aide Philogène Saucisson";

    private PlaygroundClient Client => fixture.Client;

    [Fact]
    public Task A_whole_journey_leaves_no_name_text_or_object_id_in_the_bot_logs() => fixture.ExplainingFailuresAsync(async () =>
    {
        await Client.InstallInTeamAsync();
        await Client.InstallPersonallyAsync();
        var number = await ReportAsync();

        var root = (await Client.WaitForBotAsync(1, e => e.IsMessage && e.PostConversationId is not null
            && TeamsUser.IsCard(e, TeamsUser.GapHyperCentreChannelId, number), TeamsUser.Wait))[0];
        var rootCard = CardForm.CardOf(root);
        var (_, take) = CardForm.Click(rootCard, "signalement-prendre");
        var taken = CardForm.CardOf(await Client.InvokeActionAsync(root.ThreadConversationId, root.MessageId!, "signalement-prendre", take, ReferentTeamsId));
        var (_, mask) = CardForm.Click(taken, "signalement-masquer");
        mask["passage"] = "Zéphirin Quenelleau";
        var masked = CardForm.CardOf(await Client.InvokeActionAsync(root.ThreadConversationId, root.MessageId!, "signalement-masquer-envoyer", mask, ReferentTeamsId));
        Assert.Contains("masqué pour le partenaire", CardForm.AllText(masked), StringComparison.Ordinal);
        await Client.WaitForBotAsync(1, e => e.IsMessage && e.ConversationId == Client.Tenant.PersonalChatId
            && CardForm.AllText(CardForm.CardOf(e)).Contains("pris en compte", StringComparison.Ordinal), TeamsUser.Wait);

        var posted = await Client.SendChannelMessageAsync(TeamsUser.GapHyperCentreChannelId, Mention);
        await Client.WaitForCardAsync(posted.ConversationId, TeamsUser.HelpTitle);

        var logs = fixture.Bot.Output;
        // The scan reads real product logs, down to Debug.
        Assert.Contains($"Passage masked on {number}", logs, StringComparison.Ordinal);
        Assert.Contains("dbug:", logs, StringComparison.Ordinal);
        var leaks = Forbidden().Where(f => logs.Contains(f, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(leaks.Count == 0, "The bot logs contain: " + string.Join(", ", leaks.Select(l => $"« {l} »"))
            + Environment.NewLine + string.Join(Environment.NewLine, logs.Split('\n').Where(line => leaks.Any(l => line.Contains(l, StringComparison.OrdinalIgnoreCase)))));
    });

    /// <summary>The journey's texts and names, and the name and object id of everyone in the directory.</summary>
    private static IEnumerable<string> Forbidden()
    {
        yield return Description;
        yield return Effect;
        yield return Detail;
        foreach (var word in new[] { "Zéphirin", "Quenelleau", "Ambroisine", "Tartempion", "Bérénice", "Folcoche", "Philogène", "Saucisson", "scooter rouge" })
        {
            yield return word;
        }
        var department = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("departments", "hautes-alpes.json")))!;
        foreach (var person in department["partners"]!.AsArray().Concat(department["staff"]!.AsArray()))
        {
            yield return person!["displayName"]!.GetValue<string>();
            yield return person["objectId"]!.GetValue<string>();
        }
    }

    private async Task<string> ReportAsync()
    {
        var chat = Client.Tenant.PersonalChatId;
        await Client.SendPersonalMessageAsync("signaler");
        var message = await Client.WaitForCardAsync(chat, TeamsUser.DangerQuestion);
        var place = await Client.ClickAsync(message, CardForm.CardOf(message), "signaler-danger", title: "Non, continuer le signalement");
        var facts = await Client.ClickAsync(message, place, "signaler-lieu", new Dictionary<string, string>(TeamsUser.Place) { ["precision"] = Detail });
        var summary = await Client.ClickAsync(message, facts, "signaler-faits", new Dictionary<string, string>(TeamsUser.Facts)
        {
            ["description"] = Description,
            ["consequences"] = Effect,
        });
        var confirmation = await Client.ClickAsync(message, summary, "signaler-envoyer");
        var title = confirmation["body"]![0]!["text"]!.GetValue<string>();
        return NumberPattern().Match(title) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("Unexpected confirmation: " + title);
    }

    [GeneratedRegex(@"^Signalement (05-\d{4}-\d{4}) envoyé$")]
    private static partial Regex NumberPattern();
}

using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Help;
using SecuriteQuotidien.Bot.Welcome;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests;

/// <summary>Every card the bot can send parses in the official `adaptivecards` parser at version 1.5.</summary>
public sealed class CardCatalogTests
{
    /// <summary>One sample of every card variant; features add theirs here.</summary>
    public static IReadOnlyDictionary<string, AdaptiveCard> AllCards()
    {
        var commands = CommandTable.LoadEmbedded();
        return new Dictionary<string, AdaptiveCard>
        {
            ["welcome-personal"] = WelcomeCard.Personal("Camille <at>Roux</at> **gras**"),
            ["welcome-personal-anonymous"] = WelcomeCard.Personal(null),
            ["welcome-team"] = WelcomeCard.Team(),
            ["help-personal"] = HelpCard.Build(commands, "personal"),
            ["help-team"] = HelpCard.Build(commands, "team"),
        };
    }

    [Fact]
    public async Task Every_card_parses_at_version_1_5()
    {
        var cards = AllCards();
        var verdicts = await CardValidator.ValidateAsync(cards.ToDictionary(c => c.Key, c => c.Value.ToJson()));
        Assert.All(verdicts, v => Assert.True(v.Ok, $"{v.File}: {string.Join("; ", v.Errors)}"));
        Assert.All(cards.Values, c => Assert.Equal("1.5", c.Version));
    }

    [Fact]
    public async Task The_validator_rejects_a_card_above_1_5_and_an_unknown_element()
    {
        var verdicts = await CardValidator.ValidateAsync(new Dictionary<string, string>
        {
            ["too-new"] = """{"type":"AdaptiveCard","version":"1.6","body":[{"type":"TextBlock","text":"x"}]}""",
            ["unknown-element"] = """{"type":"AdaptiveCard","version":"1.5","body":[{"type":"Carousel"}]}""",
        });
        Assert.All(verdicts, v => Assert.False(v.Ok));
        Assert.Contains(verdicts, v => v.Errors.Any(e => e.Contains("above 1.5", StringComparison.Ordinal)));
    }

    [Fact]
    public void User_text_is_shown_literally_never_as_a_mention()
    {
        var json = WelcomeCard.Personal("Camille <at>Roux</at>").ToJson();
        Assert.DoesNotContain("<at>", json, StringComparison.Ordinal);
        Assert.Contains("TextRun", json, StringComparison.Ordinal);
    }
}

using SecuriteQuotidien.Bot.Commands;

namespace SecuriteQuotidien.Bot.Tests;

public sealed class CommandTableTests
{
    private readonly CommandTable _table = CommandTable.LoadEmbedded();

    [Theory]
    [InlineData("aide", "help", "")]
    [InlineData("  AIDE  ", "help", "")]
    [InlineData("/aide", "help", "")]
    [InlineData("help", "help", "")]
    [InlineData("Aide   signaler", "help", "signaler")]
    public void Text_matches_its_command_ignoring_case_and_spaces(string text, string expectedId, string expectedArgument)
    {
        var match = _table.Match(text);
        Assert.NotNull(match);
        Assert.Equal(expectedId, match.Value.Command.Id);
        Assert.Equal(expectedArgument, match.Value.Argument);
    }

    [Theory]
    [InlineData("")]
    [InlineData("aidez-moi")]
    [InlineData("bonjour aide")]
    public void Other_text_matches_nothing(string text) => Assert.Null(_table.Match(text));

    [Fact]
    public void Normalize_removes_accents_and_case() =>
        Assert.Equal("echeances briancon", CommandTable.Normalize("  Échéances   Briançon "));

    [Fact]
    public void Every_command_has_a_french_description_and_a_known_scope()
    {
        Assert.NotEmpty(_table.Commands);
        Assert.All(_table.Commands, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Description));
            Assert.True(c.Title.Length <= 32);
            Assert.All(c.Scopes, s => Assert.Contains(s, new[] { "personal", "team" }));
        });
    }
}

using System.Text;

namespace SecuriteQuotidien.BotFramework.Cards;

/// <summary>
/// User text in cards. Teams renders Markdown in TextBlock and Fact values and turns
/// <c>&lt;at&gt;</c> tags into mentions; a TextRun renders neither, so user text goes into
/// <see cref="RichTextBlock"/> runs, cleaned of control characters and bounded in length.
/// </summary>
public static class CardText
{
    public static string Clean(string? text, int maxLength = 4000)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 1);
        foreach (var c in text)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }
            // Angle brackets become look-alikes so no tag (mention, HTML) survives even if a client
            // interprets runs; other control characters (but new lines) become spaces.
            builder.Append(c switch
            {
                '<' => '‹',
                '>' => '›',
                '\n' => '\n',
                _ when char.IsControl(c) => ' ',
                _ => c,
            });
        }
        return builder.ToString();
    }

    /// <summary>A block showing user text literally (no Markdown, no mentions).</summary>
    public static RichTextBlock Literal(string? text, int maxLength = 4000, bool subtle = false) => new()
    {
        Inlines = [new TextRun { Text = Clean(text, maxLength), IsSubtle = subtle ? true : null }],
    };
}

using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecuriteQuotidien.Bot.Commands;

/// <summary>One command of the bot, as listed in commands.json (also the source of the Teams manifest's command lists).</summary>
public sealed record CommandDefinition(
    string Id,
    string Title,
    IReadOnlyList<string> Keywords,
    string Description,
    IReadOnlyList<string> Scopes);

/// <summary>
/// The bot's command table, read from the embedded commands.json. Text is matched on its first
/// words, ignoring case, accents and repeated spaces, so "Mes Signalements" and "mes signalements"
/// are the same command.
/// </summary>
public sealed class CommandTable
{
    private readonly IReadOnlyList<(string[] Words, CommandDefinition Command)> _keywords;

    public CommandTable(IReadOnlyList<CommandDefinition> commands)
    {
        Commands = commands;
        _keywords = commands
            .SelectMany(c => c.Keywords.Select(k => (Words: Normalize(k).Split(' ', StringSplitOptions.RemoveEmptyEntries), Command: c)))
            // Longest keyword first: "mes signalements" must win over a shorter prefix.
            .OrderByDescending(k => k.Words.Length)
            .ToList();
    }

    public IReadOnlyList<CommandDefinition> Commands { get; }

    public static CommandTable LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("SecuriteQuotidien.Bot.Commands.commands.json")
            ?? throw new InvalidOperationException("commands.json is not embedded in the bot assembly.");
        var file = JsonSerializer.Deserialize(stream, CommandTableJsonContext.Default.CommandFile)
            ?? throw new InvalidOperationException("commands.json is empty.");
        return new CommandTable(file.Commands);
    }

    /// <summary>The command the text starts with, and the rest of the text (its argument).</summary>
    public (CommandDefinition Command, string Argument)? Match(string text)
    {
        var words = Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var (keyword, command) in _keywords)
        {
            if (words.Length >= keyword.Length && keyword.SequenceEqual(words.Take(keyword.Length)))
            {
                return (command, string.Join(' ', words.Skip(keyword.Length)));
            }
        }
        return null;
    }

    /// <summary>Lower case, without accents, single spaces.</summary>
    public static string Normalize(string text)
    {
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var lastWasSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            var isSpace = char.IsWhiteSpace(c);
            if (isSpace && lastWasSpace)
            {
                continue;
            }
            builder.Append(isSpace ? ' ' : c);
            lastWasSpace = isSpace;
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    internal sealed record CommandFile(IReadOnlyList<CommandDefinition> Commands);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(CommandTable.CommandFile))]
internal sealed partial class CommandTableJsonContext : JsonSerializerContext;

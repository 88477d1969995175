using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SecuriteQuotidien.Bot.Tests;

/// <summary>
/// The wording rules every card must follow, small and explicit:
/// <list type="bullet">
/// <item>number agreement: after a count, a word of <see cref="Words"/> is singular for 0 and 1 (and any decimal
/// under 2), plural from 2 (« 1 ouvert », « 0 jour », « 2 signalements », « 1,5 jour »);</item>
/// <item>French dates: no ISO date (2026-11-28), no English month or day name, no « 1 janvier » (« 1er janvier »),
/// no capitalised month after a day (« 28 Novembre »), no AM/PM.</item>
/// </list>
/// Only what a person reads is checked: texts, text runs, fact titles and values, action and choice titles,
/// input labels, placeholders and error messages, image descriptions, the fallback text; never the data a
/// button sends nor the value typed in a field.
/// </summary>
public static partial class CardWording
{
    /// <summary>Singular and plural of the words counted on the cards (nouns and the adjectives used as nouns).</summary>
    public static readonly IReadOnlyList<(string Singular, string Plural)> Words =
    [
        ("signalement", "signalements"), ("jour", "jours"), ("semaine", "semaines"), ("heure", "heures"), ("minute", "minutes"),
        ("ouvert", "ouverts"), ("identifié", "identifiés"), ("résolu", "résolus"), ("nouveau", "nouveaux"), ("autre", "autres"),
        ("réponse", "réponses"), ("échéance", "échéances"), ("relance", "relances"), ("problème", "problèmes"),
        ("action", "actions"), ("diagnostic", "diagnostics"), ("décision", "décisions"), ("événement", "événements"),
        ("partenaire", "partenaires"), ("personne", "personnes"), ("ligne", "lignes"), ("message", "messages"),
        ("participant", "participants"), ("rappel", "rappels"), ("secteur", "secteurs"), ("lieu", "lieux"),
    ];

    private static readonly Dictionary<string, bool> IsPlural = Words
        .SelectMany(w => new[] { (w.Singular, false), (w.Plural, true) })
        .ToDictionary(w => w.Item1, w => w.Item2, StringComparer.Ordinal);

    private static readonly HashSet<string> ReadKeys = new(StringComparer.Ordinal)
    {
        "text", "title", "label", "placeholder", "errorMessage", "altText", "fallbackText",
    };

    private static readonly HashSet<string> SkippedKeys = new(StringComparer.Ordinal) { "data", "url", "verb", "id", "msteams", "refresh" };

    /// <summary>Every rule broken in a set of cards, as « card: "text" : why », one line each.</summary>
    public static string ProblemsOf(IReadOnlyDictionary<string, SecuriteQuotidien.BotFramework.Cards.AdaptiveCard> cards) =>
        string.Join(Environment.NewLine, cards.SelectMany(c => Problems(JsonNode.Parse(
            SecuriteQuotidien.BotFramework.Cards.CardExtensions.ToJson(c.Value))!).Select(p => $"{c.Key}: {p}")));

    /// <summary>Every rule broken in the card, as « "text": why ».</summary>
    public static IReadOnlyList<string> Problems(JsonNode card)
    {
        var problems = new List<string>();
        foreach (var text in ReadTexts(card))
        {
            problems.AddRange(Problems(text).Select(p => $"« {text} » : {p}"));
        }
        return problems;
    }

    /// <summary>Every rule broken in one text.</summary>
    public static IEnumerable<string> Problems(string text)
    {
        var plain = text.Replace("**", "", StringComparison.Ordinal).Replace("_", " ", StringComparison.Ordinal);
        foreach (Match m in CountPattern().Matches(plain))
        {
            var word = m.Groups["word"].Value;
            if (!IsPlural.TryGetValue(word, out var plural))
            {
                continue;
            }
            var number = double.Parse(Regex.Replace(m.Groups["n"].Value, @"[\s\u202f\u00a0]", "").Replace(',', '.'), System.Globalization.CultureInfo.InvariantCulture);
            var wantsPlural = Math.Abs(number) >= 2;
            if (plural != wantsPlural)
            {
                yield return $"« {m.Value} » : {(wantsPlural ? "pluriel" : "singulier")} attendu après {m.Groups["n"].Value}";
            }
        }
        // A file name ("… 2026-11-20 10h00.xlsx") keeps its sortable date.
        var fileName = FileNamePattern().IsMatch(plain);
        foreach (var (pattern, why) in DateRules.Where(r => !(fileName && r.Why.StartsWith("date ISO", StringComparison.Ordinal))))
        {
            if (pattern.Match(plain) is { Success: true } match)
            {
                yield return $"« {match.Value} » : {why}";
            }
        }
    }

    private static readonly (Regex Pattern, string Why)[] DateRules =
    [
        (IsoDatePattern(), "date ISO, écrire « 28 novembre 2026 »"),
        (EnglishMonthPattern(), "mois ou jour en anglais"),
        (FirstOfMonthPattern(), "le premier du mois s'écrit « 1er »"),
        (CapitalMonthPattern(), "le mois s'écrit en minuscules"),
        (AmPmPattern(), "heure à l'anglaise"),
    ];

    private static IEnumerable<string> ReadTexts(JsonNode? node, string? key = null)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (childKey, child) in obj)
                {
                    // A fact's value is read; an input's or a choice's value is data or what the person typed.
                    if (SkippedKeys.Contains(childKey) || (childKey == "value" && key != "facts"))
                    {
                        continue;
                    }
                    foreach (var text in ReadTexts(child, childKey))
                    {
                        yield return text;
                    }
                }
                break;
            case JsonArray array:
                foreach (var text in array.SelectMany(item => ReadTexts(item, key)))
                {
                    yield return text;
                }
                break;
            case JsonValue value when value.TryGetValue<string>(out var s) && key is not null && (ReadKeys.Contains(key) || key == "value"):
                yield return s;
                break;
        }
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}\-/.,:])(?<n>\d{1,3}(?:[\u202f\u00a0 ]\d{3})*(?:,\d+)?|\d+(?:,\d+)?) (?<word>\p{L}+)", RegexOptions.CultureInvariant)]
    private static partial Regex CountPattern();

    [GeneratedRegex(@"^[^\n]+\.(?:xlsx|csv|pdf|zip)$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDatePattern();

    [GeneratedRegex(@"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", RegexOptions.CultureInvariant)]
    private static partial Regex EnglishMonthPattern();

    [GeneratedRegex(@"(?<![\d,])\b1 (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FirstOfMonthPattern();

    [GeneratedRegex(@"\b\d{1,2}(?:er)? (?:Janvier|Février|Mars|Avril|Mai|Juin|Juillet|Août|Septembre|Octobre|Novembre|Décembre)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CapitalMonthPattern();

    [GeneratedRegex(@"\b\d{1,2}(?::\d{2})? ?(?:AM|PM|am|pm)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AmPmPattern();
}

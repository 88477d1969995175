using System.Globalization;
using System.Text;

namespace SecuriteQuotidien.Domain.Status;

/// <summary>
/// French text helpers: normalisation and typo distance for matching what people type, number agreement
/// for what the bot writes.
/// </summary>
public static class FrenchText
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>
    /// A count and its noun phrase, agreed as French requires: 0 and 1 take the singular, 2 and more the
    /// plural ("0 signalement", "1 signalement ouvert", "2 signalements ouverts"). Without
    /// <paramref name="plural"/>, every word of <paramref name="singular"/> takes the plural
    /// (<see cref="PluralOf"/>); give it for phrases with invariable words ("signalement en retard").
    /// </summary>
    public static string Count(int count, string singular, string? plural = null) =>
        $"{count.ToString("#,0", French)} {(count is >= -1 and <= 1 ? singular : plural ?? PluralOf(singular))}";

    /// <summary>A decimal count: under 2 it takes the singular ("1,5 jour", "2,5 jours"); one decimal at most.</summary>
    public static string Count(double count, string singular, string? plural = null) =>
        $"{count.ToString("#,0.#", French)} {(Math.Abs(count) < 2 ? singular : plural ?? PluralOf(singular))}";

    /// <summary>
    /// The plural of each word of a noun phrase: -s, -x and -z do not change, -au/-eu take an x
    /// ("nouveau" → "nouveaux"), -al becomes -aux ("général" → "généraux"), the rest takes an s.
    /// </summary>
    public static string PluralOf(string singular)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(singular);
        return string.Join(' ', singular.Split(' ').Select(word => word switch
        {
            _ when word.EndsWith('s') || word.EndsWith('x') || word.EndsWith('z') => word,
            _ when word.EndsWith("au", StringComparison.Ordinal) || word.EndsWith("eu", StringComparison.Ordinal) => word + "x",
            _ when word.EndsWith("al", StringComparison.Ordinal) => word[..^2] + "aux",
            _ => word + "s",
        }));
    }

    /// <summary>
    /// Lower case, accents removed (é → e, ç → c, œ → oe), every character other than a letter, a digit
    /// or '/' (kept for dates like 01/09) turned into a space, spaces collapsed.
    /// "Gap – Hyper-Centre, SVP !" → "gap hyper centre svp".
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var decomposed = text.ToLowerInvariant().Replace("œ", "oe", StringComparison.Ordinal)
            .Replace("æ", "ae", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '/')
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }
                pendingSpace = false;
                builder.Append(c);
            }
            else
            {
                pendingSpace = true;
            }
        }
        return builder.ToString();
    }

    /// <summary>The normalised words of a text.</summary>
    public static string[] Words(string? text) => Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Typos tolerated for a typed word: none under 4 letters, 1 from 4 letters, 2 from 8 letters.
    /// </summary>
    public static int TypoTolerance(string word) => word.Length switch
    {
        >= 8 => 2,
        >= 4 => 1,
        _ => 0,
    };

    /// <summary>
    /// Damerau-Levenshtein distance in its "optimal string alignment" form: insertions, deletions,
    /// substitutions and transpositions of two adjacent letters ("retrad" → "retard") each cost 1.
    /// </summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        // Three rolling rows: the transposition looks two rows back.
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, previous2[j - 2] + 1);
                }
                current[j] = best;
            }
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }
}

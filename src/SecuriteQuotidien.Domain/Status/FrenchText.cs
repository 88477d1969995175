using System.Globalization;
using System.Text;

namespace SecuriteQuotidien.Domain.Status;

/// <summary>Text helpers for matching what people type in French: normalisation and typo distance.</summary>
public static class FrenchText
{
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

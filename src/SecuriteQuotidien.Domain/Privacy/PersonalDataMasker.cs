using System.Text;

namespace SecuriteQuotidien.Domain.Privacy;

/// <summary>A passage taken out of a text: where it was in the original, and what it said.</summary>
public sealed record MaskedFragment(TextSpan Span, string Original);

/// <summary>
/// A text with passages replaced by <see cref="PersonalDataMasker.Mask"/>, and the passages taken out
/// (to keep only where police-only data is stored).
/// </summary>
public sealed record MaskedText(string Text, IReadOnlyList<MaskedFragment> Fragments)
{
    public bool HasMaskedPassages => Fragments.Count > 0;
}

/// <summary>Replaces passages of a text with "[masqué]", e.g. when a referent masks personal data.</summary>
public static class PersonalDataMasker
{
    public const string Mask = "[masqué]";

    /// <summary>
    /// Masks the given passages. Overlapping or touching passages are masked as one; empty ones are ignored.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A passage ends beyond the text.</exception>
    public static MaskedText MaskSpans(string text, IEnumerable<TextSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(spans);

        var merged = new List<TextSpan>();
        foreach (var span in spans.Where(s => s.Length > 0).OrderBy(s => s.Start))
        {
            if (span.End > text.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(spans), span, "The passage ends beyond the text.");
            }
            if (merged.Count > 0 && span.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = new TextSpan(last.Start, Math.Max(last.End, span.End) - last.Start);
            }
            else
            {
                merged.Add(span);
            }
        }

        var masked = new StringBuilder(text.Length);
        var fragments = new List<MaskedFragment>(merged.Count);
        var position = 0;
        foreach (var span in merged)
        {
            masked.Append(text, position, span.Start - position).Append(Mask);
            fragments.Add(new MaskedFragment(span, text.Substring(span.Start, span.Length)));
            position = span.End;
        }
        masked.Append(text, position, text.Length - position);
        return new MaskedText(masked.ToString(), fragments);
    }

    /// <summary>Masks everything <see cref="PersonalDataDetector"/> flags in the text.</summary>
    public static MaskedText MaskFindings(string text) =>
        MaskSpans(text, PersonalDataDetector.Find(text).Select(f => f.Span));
}

using System.Text;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Privacy;

/// <summary>
/// The police-only layer of an issue whose text a referent masked: the texts as the partner typed them and
/// the passages masked since. The issue itself keeps only the masked texts, which is all a partner ever sees.
/// </summary>
public sealed record PoliceOnlyText(IssueNumber Number, string OriginalDescription, string? OriginalEffect, IReadOnlyList<string> MaskedPassages)
{
    /// <summary>Longest passage a referent may mask at once.</summary>
    public const int PassageMaxLength = 500;

    /// <summary>The layer of an issue masked for the first time: its current texts are the originals.</summary>
    public static PoliceOnlyText Of(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return new PoliceOnlyText(issue.Number, issue.Description, issue.Effect, []);
    }

    /// <summary>True when the passage occurs in the original description or effect.</summary>
    public bool Contains(string passage) =>
        !string.IsNullOrWhiteSpace(passage)
        && (OriginalDescription.Contains(passage, StringComparison.Ordinal) || OriginalEffect?.Contains(passage, StringComparison.Ordinal) == true);

    /// <summary>The layer with one more masked passage (a passage already masked is not added twice).</summary>
    public PoliceOnlyText With(string passage) =>
        MaskedPassages.Contains(passage, StringComparer.Ordinal) ? this : this with { MaskedPassages = [.. MaskedPassages, passage] };

    /// <summary>The description a partner sees: every occurrence of every masked passage becomes "[masqué]".</summary>
    public string PartnerDescription => PassageMasking.Mask(OriginalDescription, MaskedPassages).Text;

    public string? PartnerEffect => OriginalEffect is null ? null : PassageMasking.Mask(OriginalEffect, MaskedPassages).Text;

    /// <summary>The description for the police, masked passages shown with a marker.</summary>
    public string PoliceDescription => PassageMasking.Mark(OriginalDescription, MaskedPassages);

    public string? PoliceEffect => OriginalEffect is null ? null : PassageMasking.Mark(OriginalEffect, MaskedPassages);
}

/// <summary>Masks chosen passages (every occurrence) with <see cref="PersonalDataMasker"/>, or marks them for the police view.</summary>
public static class PassageMasking
{
    /// <summary>How a masked passage appears to the police: « [masqué pour le partenaire : « M. Dupont »] ».</summary>
    public static string Marker(string passage) => $"[masqué pour le partenaire : «\u00A0{passage}\u00A0»]";

    public static MaskedText Mask(string text, IEnumerable<string> passages) =>
        PersonalDataMasker.MaskSpans(text, Occurrences(text, passages));

    /// <summary>The text with each masked span shown with <see cref="Marker"/>.</summary>
    public static string Mark(string text, IEnumerable<string> passages)
    {
        var masked = Mask(text, passages);
        var marked = new StringBuilder(text.Length + masked.Fragments.Count * 40);
        var position = 0;
        foreach (var fragment in masked.Fragments)
        {
            marked.Append(text, position, fragment.Span.Start - position).Append(Marker(fragment.Original));
            position = fragment.Span.End;
        }
        return marked.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>Every (ordinal) occurrence of every non-blank passage in the text.</summary>
    public static IReadOnlyList<TextSpan> Occurrences(string text, IEnumerable<string> passages)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(passages);
        var spans = new List<TextSpan>();
        foreach (var passage in passages.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            for (var at = text.IndexOf(passage, StringComparison.Ordinal); at >= 0; at = text.IndexOf(passage, at + passage.Length, StringComparison.Ordinal))
            {
                spans.Add(new TextSpan(at, passage.Length));
            }
        }
        return spans;
    }
}

/// <summary>Where the police-only layer of masked issues is kept.</summary>
public interface IPoliceOnlyTextStore
{
    Task<PoliceOnlyText?> GetAsync(IssueNumber number, CancellationToken cancellationToken);

    /// <summary>Writes the layer (replacing an earlier version).</summary>
    Task SaveAsync(PoliceOnlyText text, CancellationToken cancellationToken);

    /// <summary>Deletes the layer (on anonymisation or erasure); a missing one is a no-op.</summary>
    Task DeleteAsync(IssueNumber number, CancellationToken cancellationToken);
}

/// <summary>An issue closed at <see cref="ClosedAt"/>, as listed by <see cref="IClosedIssueIndex"/>.</summary>
public sealed record ClosedIssueEntry(string SectorId, IssueNumber Number, DateTimeOffset ClosedAt);

/// <summary>
/// Index of closed issues by month of closure, so the retention worker reads only the months that may be due
/// instead of every issue stored. An entry may outlive a reopening: the worker re-reads the issue.
/// </summary>
public interface IClosedIssueIndex
{
    /// <summary>Adds the entry (adding it again is a no-op).</summary>
    Task AddAsync(ClosedIssueEntry entry, CancellationToken cancellationToken);

    /// <summary>Entries closed before <paramref name="closedBefore"/>, oldest month first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<ClosedIssueEntry>> ListClosedBeforeAsync(DateTimeOffset closedBefore, int max, CancellationToken cancellationToken);

    Task RemoveAsync(ClosedIssueEntry entry, CancellationToken cancellationToken);
}

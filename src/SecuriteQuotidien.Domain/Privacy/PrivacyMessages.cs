namespace SecuriteQuotidien.Domain.Privacy;

/// <summary>The French texts of the redaction check, for the intake form.</summary>
public static class PrivacyMessages
{
    /// <summary>Shown under the description field of the form.</summary>
    public const string FormHint =
        "Ne nommez pas et ne décrivez pas de personne identifiable : décrivez les faits, les lieux et les horaires.";

    /// <summary>How many passages of one kind are quoted in <see cref="ConfirmationMessage"/>.</summary>
    public const int QuotedPassagesPerKind = 3;

    private const int QuotedPassageMaxLength = 60;

    /// <summary>
    /// The message asking the user to check the text when <paramref name="findings"/> is not empty, e.g.
    /// "Votre texte semble contenir un numéro de téléphone (« 06 12 34 56 78 ») et un nom de personne
    /// (« M. Dupont »). Vérifiez-le avant d'envoyer. Ne nommez pas …". The quoted passages are the user's own text:
    /// escape them like any user text when building a card.
    /// </summary>
    public static string ConfirmationMessage(IReadOnlyList<PersonalDataFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (findings.Count == 0)
        {
            throw new ArgumentException("There is nothing to confirm.", nameof(findings));
        }

        var parts = findings
            .GroupBy(f => f.Kind)
            .Select(group =>
            {
                var passages = group.Select(f => f.Text).Distinct(StringComparer.Ordinal).ToList();
                var quoted = passages.Take(QuotedPassagesPerKind).Select(Quote);
                var more = passages.Count > QuotedPassagesPerKind ? ", …" : "";
                return $"{group.Key.ToFrenchWithArticle(plural: passages.Count > 1)} ({string.Join(", ", quoted)}{more})";
            })
            .ToList();

        return $"Votre texte semble contenir {JoinFrench(parts)}. Vérifiez-le avant d'envoyer. {FormHint}";
    }

    private static string Quote(string passage)
    {
        var shown = passage.Length <= QuotedPassageMaxLength ? passage : passage[..QuotedPassageMaxLength] + "…";
        return $"«\u00A0{shown}\u00A0»";
    }

    // "a", "a et b", "a, b et c".
    private static string JoinFrench(IReadOnlyList<string> parts) => parts.Count == 1
        ? parts[0]
        : $"{string.Join(", ", parts.Take(parts.Count - 1))} et {parts[^1]}";
}

using System.Text.RegularExpressions;

namespace SecuriteQuotidien.Domain.Privacy;

/// <summary>
/// The redaction check: flags passages of French free text that look like personal data (phone numbers,
/// e-mail addresses, licence plates, a civility followed by a name, social security numbers, IBANs).
/// A hint for the user, not a guarantee: it errs towards ordinary report text (dates, times, halls,
/// bus lines, addresses, amounts) staying unflagged.
/// </summary>
/// <remarks>
/// Every pattern is anchored on word boundaries and made of bounded repetitions, so a scan is linear in
/// the text; the match timeout is a safety net, and texts longer than <see cref="MaxTextLength"/> are refused.
/// </remarks>
public static partial class PersonalDataDetector
{
    /// <summary>Longest text scanned (the form's fields hold at most 2,000 characters each).</summary>
    public const int MaxTextLength = 20_000;

    // Wall-clock bound: generous so that a loaded machine does not turn a linear match into a failure.
    private const int TimeoutMilliseconds = 2000;

    // Spaces people type between digit groups, including the no-break spaces word processors insert.
    private const string Space = @"[ \u00A0\u202F]";
    private const string NotAfterWord = @"(?<![\p{L}\d])";
    private const string NotBeforeWord = @"(?![\p{L}\d])";

    // 0X XX XX XX XX with one separator kind throughout (so "01.05.2026 22" is not a number),
    // or +33 / 0033 then the nine digits without the trunk 0.
    private const string PhonePattern =
        @"(?<![\p{L}\d+])(?:(?:\+|00)33" + Space + @"?(?:\(0\)" + Space + @"?)?[1-9]|0[1-9])"
        + @"(?<sep>[ \u00A0\u202F.\-]?)\d{2}(?:\k<sep>\d{2}){3}" + NotBeforeWord;

    private const string EmailPattern =
        @"(?<![\p{L}\d._%+\-])[\p{L}\d._%+\-]{1,64}@[\p{L}\d\-]{1,63}(?:\.[\p{L}\d\-]{1,63}){0,8}\.\p{L}{2,24}(?![\p{L}\d\-])";

    // SIV (since 2009): AB-123-CD, AB 123 CD, AB123CD, without I, O and U. Lower case only with dashes:
    // "de 150 km" must not read as a plate.
    private const string SivLetters = "[A-HJ-NP-TV-Z]{2}";
    private const string SivPattern =
        NotAfterWord + "(?:" + SivLetters + @"[ \u00A0\-]?\d{3}[ \u00A0\-]?" + SivLetters
        + @"|(?i:[a-hj-np-tv-z]{2}-\d{3}-[a-hj-np-tv-z]{2}))" + NotBeforeWord;

    // FNI (before 2009): 1–4 digits, 1–3 capital letters, a department (01–95, 2A, 2B, 971–976).
    // "22H30" is a time, not a plate.
    private const string FniPattern =
        NotAfterWord + @"(?!\d{1,2}" + Space + @"?H" + Space + @"?[0-5]\d" + NotBeforeWord + ")"
        + @"\d{1,4}[ \u00A0\-]?[A-Z]{1,3}[ \u00A0\-]?(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])" + NotBeforeWord;

    // Capitalised words that follow a civility without being a name: "Monsieur Le Maire", "M. Les jeunes",
    // another civility.
    private const string NotAName =
        @"(?!(?:M|MM|Mr|Mme|Mmes|Mlle|Mlles|Me|Monsieur|Madame|Mademoiselle|Le|La|Les|L['’]|Du|De|Des|Maire|Préfet|Préfète|Président|Présidente|Directeur|Directrice"
        + @"|Commissaire|Gardien|Gardienne|Adjoint|Adjointe|Agent|Responsable)(?![\p{L}'’\-]))";
    private const string NameWord = NotAName + @"\p{Lu}[\p{L}'’\-]{0,40}";

    // A civility then one to three capitalised words: "M. Dupont", "Mme Martin", "Madame Lefèvre",
    // "Me Durand" (maître; "Me voici" stays unflagged because the next word is not capitalised).
    private const string PersonNamePattern =
        NotAfterWord + @"(?:(?:M|MM|Mr|[Mm]me|[Mm]mes|[Mm]lle|[Mm]lles|Dr|Pr)\." + Space + "*"
        + @"|(?:Mr|[Mm]me|[Mm]mes|[Mm]lle|[Mm]lles|Me|Dr|[Mm]a[iî]tre|[Dd]octeur|[Mm]onsieur|[Mm]essieurs|[Mm]adame"
        + @"|[Mm]esdames|[Mm]ademoiselle|[Ff]amille)" + Space + "+)"
        + NameWord + "(?:" + Space + NameWord + "){0,2}";

    // Sex, year, month (01–12 or the 20–99 used for unknown months), department (2 digits, 2A, 2B),
    // commune, order, then the optional two-digit key checked below.
    private const string SocialSecurityPattern =
        NotAfterWord + "[12]" + Space + @"?\d{2}" + Space + @"?(?:0[1-9]|1[0-2]|[2-9]\d)" + Space + @"?(?:\d{2}|2[AB])"
        + Space + @"?\d{3}" + Space + @"?\d{3}(?:" + Space + @"?\d{2})?" + NotBeforeWord;

    private const string IbanPattern =
        NotAfterWord + @"(?i:[A-Z]{2}\d{2}(?:" + Space + @"?[A-Z0-9]{4}){2,7}(?:" + Space + @"?[A-Z0-9]{1,3})?)" + NotBeforeWord;

    [GeneratedRegex(PhonePattern, RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex PhoneRegex();

    [GeneratedRegex(EmailPattern, RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex EmailRegex();

    [GeneratedRegex(SivPattern, RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex SivPlateRegex();

    [GeneratedRegex(FniPattern, RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex FniPlateRegex();

    [GeneratedRegex(PersonNamePattern, RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex PersonNameRegex();

    [GeneratedRegex(SocialSecurityPattern, RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex SocialSecurityRegex();

    [GeneratedRegex(IbanPattern, RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex IbanRegex();

    /// <summary>
    /// The passages of <paramref name="text"/> that look like personal data, in text order and without
    /// overlaps (of two overlapping candidates the one starting first, then the longer, wins).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The text is longer than <see cref="MaxTextLength"/>.</exception>
    public static IReadOnlyList<PersonalDataFinding> Find(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThan(text.Length, MaxTextLength, nameof(text));

        var candidates = new List<PersonalDataFinding>();
        Collect(candidates, text, EmailRegex(), PersonalDataKind.EmailAddress);
        Collect(candidates, text, IbanRegex(), PersonalDataKind.BankAccount, IsValidIban);
        Collect(candidates, text, SocialSecurityRegex(), PersonalDataKind.SocialSecurityNumber, IsPlausibleSocialSecurityNumber);
        Collect(candidates, text, PhoneRegex(), PersonalDataKind.PhoneNumber);
        Collect(candidates, text, SivPlateRegex(), PersonalDataKind.LicencePlate);
        Collect(candidates, text, FniPlateRegex(), PersonalDataKind.LicencePlate);
        Collect(candidates, text, PersonNameRegex(), PersonalDataKind.PersonName);
        return WithoutOverlaps(candidates);
    }

    /// <summary>True when <see cref="Find"/> flags anything.</summary>
    public static bool ContainsPersonalData(string? text) => Find(text).Count > 0;

    private static void Collect(List<PersonalDataFinding> into, string text, Regex regex, PersonalDataKind kind,
        Func<string, bool>? accept = null)
    {
        foreach (var match in regex.EnumerateMatches(text))
        {
            var value = text.Substring(match.Index, match.Length);
            if (accept is null || accept(value))
            {
                into.Add(new PersonalDataFinding(kind, new TextSpan(match.Index, match.Length), value));
            }
        }
    }

    private static List<PersonalDataFinding> WithoutOverlaps(List<PersonalDataFinding> candidates)
    {
        candidates.Sort((a, b) => a.Span.Start != b.Span.Start
            ? a.Span.Start.CompareTo(b.Span.Start)
            : b.Span.Length.CompareTo(a.Span.Length));
        var kept = new List<PersonalDataFinding>(candidates.Count);
        var end = 0;
        foreach (var candidate in candidates)
        {
            if (candidate.Span.Start >= end)
            {
                kept.Add(candidate);
                end = candidate.Span.End;
            }
        }
        return kept;
    }

    private static string Compact(string value) =>
        string.Concat(value.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    // ISO 13616: move the first four characters to the end, letters become 10–35, the number mod 97 is 1.
    private static bool IsValidIban(string value)
    {
        var iban = Compact(value);
        if (iban.Length is < 15 or > 34)
        {
            return false;
        }
        var remainder = 0;
        foreach (var c in iban[4..] + iban[..4])
        {
            var digits = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = (remainder * (digits < 10 ? 10 : 100) + digits) % 97;
        }
        return remainder == 1;
    }

    // With its key, the key must be 97 − (the 13 digits mod 97), Corsica's 2A and 2B counting as 19 and 18.
    // Without a key, 13 digits of this shape are rare enough in a report to flag.
    private static bool IsPlausibleSocialSecurityNumber(string value)
    {
        var nir = Compact(value);
        if (nir.Length == 13)
        {
            return true;
        }
        var body = nir[..13].Replace("2A", "19", StringComparison.Ordinal).Replace("2B", "18", StringComparison.Ordinal);
        var key = int.Parse(nir[13..], System.Globalization.CultureInfo.InvariantCulture);
        return 97 - (long.Parse(body, System.Globalization.CultureInfo.InvariantCulture) % 97) == key;
    }
}

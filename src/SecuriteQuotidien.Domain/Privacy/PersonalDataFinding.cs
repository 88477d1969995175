namespace SecuriteQuotidien.Domain.Privacy;

/// <summary>The kinds of personal data the redaction check looks for.</summary>
public enum PersonalDataKind
{
    PhoneNumber,
    EmailAddress,
    LicencePlate,
    PersonName,
    SocialSecurityNumber,
    BankAccount,
}

/// <summary>A passage of a text: <see cref="Start"/> and <see cref="Length"/> in UTF-16 characters.</summary>
public readonly record struct TextSpan
{
    public TextSpan(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Start = start;
        Length = length;
    }

    public int Start { get; }
    public int Length { get; }
    public int End => Start + Length;
}

/// <summary>A passage that looks like personal data, with the French label to show the user.</summary>
public sealed record PersonalDataFinding(PersonalDataKind Kind, TextSpan Span, string Text)
{
    /// <summary>E.g. "numéro de téléphone".</summary>
    public string Label => Kind.ToFrench();
}

/// <summary>French names of the kinds, as shown to users.</summary>
public static class PersonalDataLabels
{
    public static string ToFrench(this PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.PhoneNumber => "numéro de téléphone",
        PersonalDataKind.EmailAddress => "adresse électronique",
        PersonalDataKind.LicencePlate => "plaque d'immatriculation",
        PersonalDataKind.PersonName => "nom de personne",
        PersonalDataKind.SocialSecurityNumber => "numéro de sécurité sociale",
        PersonalDataKind.BankAccount => "coordonnées bancaires (IBAN)",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>With its indefinite article: "un numéro de téléphone", "des plaques d'immatriculation".</summary>
    public static string ToFrenchWithArticle(this PersonalDataKind kind, bool plural) => (kind, plural) switch
    {
        (PersonalDataKind.PhoneNumber, false) => "un numéro de téléphone",
        (PersonalDataKind.PhoneNumber, true) => "des numéros de téléphone",
        (PersonalDataKind.EmailAddress, false) => "une adresse électronique",
        (PersonalDataKind.EmailAddress, true) => "des adresses électroniques",
        (PersonalDataKind.LicencePlate, false) => "une plaque d'immatriculation",
        (PersonalDataKind.LicencePlate, true) => "des plaques d'immatriculation",
        (PersonalDataKind.PersonName, false) => "un nom de personne",
        (PersonalDataKind.PersonName, true) => "des noms de personnes",
        (PersonalDataKind.SocialSecurityNumber, false) => "un numéro de sécurité sociale",
        (PersonalDataKind.SocialSecurityNumber, true) => "des numéros de sécurité sociale",
        (PersonalDataKind.BankAccount, _) => "des coordonnées bancaires (IBAN)",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

namespace SecuriteQuotidien.Domain.Issues;

/// <summary>The partner who reported an issue: person and organisation.</summary>
public sealed record IssueReporter(string ObjectId, string OrganisationId);

/// <summary>Where the problem happens: a known site of the gazetteer or a free address, plus an optional detail.</summary>
public sealed record IssueSite
{
    public string? SiteId { get; init; }
    public string? FreeAddress { get; init; }
    /// <summary>E.g. "hall B, 2e étage".</summary>
    public string? Detail { get; init; }

    public static IssueSite Known(string siteId, string? detail = null) => new() { SiteId = siteId, Detail = detail };
    public static IssueSite Address(string address, string? detail = null) => new() { FreeAddress = address, Detail = detail };
}

/// <summary>A field that failed validation, with a French message for the user.</summary>
public sealed record ValidationError(string Field, string Message);

/// <summary>What the partner reported: shared by the draft and the issue it becomes.</summary>
public abstract record IssueReport
{
    public required string SectorId { get; init; }
    public required string CategoryId { get; init; }
    public string? SubCategoryId { get; init; }
    public required IssueReporter Reporter { get; init; }
    public required IssueSite Site { get; init; }
    public required DateOnly LastOccurrence { get; init; }
    public required TimeOfDay TimeOfDay { get; init; }
    public required IssueFrequency Frequency { get; init; }
    public required string Description { get; init; }
    /// <summary>What the problem causes (for residents, staff, business...).</summary>
    public string? Effect { get; init; }
}

/// <summary>What a partner submits before the issue exists (no number, no dates computed yet).</summary>
public sealed record IssueDraft : IssueReport
{
    public const int DescriptionMinLength = 10;
    public const int DescriptionMaxLength = 2000;
    public const int EffectMaxLength = 2000;
    public const int AddressMaxLength = 300;
    public const int DetailMaxLength = 300;

    /// <summary>Throws <see cref="IssueRuleException"/> with the French messages when <see cref="Validate"/> finds errors.</summary>
    public void EnsureValid(DateOnly? today = null)
    {
        var errors = Validate(today);
        if (errors.Count > 0)
        {
            throw new IssueRuleException(string.Join(" ", errors.Select(e => e.Message)));
        }
    }

    /// <summary>
    /// Checks sizes and required fields. <paramref name="today"/> (local date), when given, rejects a
    /// last occurrence in the future.
    /// </summary>
    public IReadOnlyList<ValidationError> Validate(DateOnly? today = null)
    {
        var errors = new List<ValidationError>();
        void Require(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors.Add(new ValidationError(field, message));
            }
        }

        Require(!string.IsNullOrWhiteSpace(SectorId), nameof(SectorId), "Le secteur est obligatoire.");
        Require(!string.IsNullOrWhiteSpace(CategoryId), nameof(CategoryId), "La catégorie est obligatoire.");
        Require(Guid.TryParse(Reporter?.ObjectId, out _), nameof(Reporter), "L'auteur du signalement est inconnu.");
        Require(!string.IsNullOrWhiteSpace(Reporter?.OrganisationId), nameof(Reporter), "L'organisation de l'auteur est inconnue.");

        var hasSite = !string.IsNullOrWhiteSpace(Site?.SiteId);
        var hasAddress = !string.IsNullOrWhiteSpace(Site?.FreeAddress);
        Require(hasSite || hasAddress, nameof(Site), "Indiquez un lieu connu ou une adresse.");
        Require((Site?.FreeAddress?.Length ?? 0) <= AddressMaxLength, nameof(Site),
            $"L'adresse ne doit pas dépasser {AddressMaxLength} caractères.");
        Require((Site?.Detail?.Length ?? 0) <= DetailMaxLength, nameof(Site),
            $"La précision du lieu ne doit pas dépasser {DetailMaxLength} caractères.");

        var descriptionLength = Description?.Trim().Length ?? 0;
        Require(descriptionLength >= DescriptionMinLength, nameof(Description),
            $"La description doit compter au moins {DescriptionMinLength} caractères.");
        Require(descriptionLength <= DescriptionMaxLength, nameof(Description),
            $"La description ne doit pas dépasser {DescriptionMaxLength} caractères.");
        Require((Effect?.Length ?? 0) <= EffectMaxLength, nameof(Effect),
            $"Les conséquences ne doivent pas dépasser {EffectMaxLength} caractères.");

        Require(Enum.IsDefined(TimeOfDay), nameof(TimeOfDay), "Le moment de la journée est invalide.");
        Require(Enum.IsDefined(Frequency), nameof(Frequency), "La fréquence est invalide.");
        Require(today is null || LastOccurrence <= today, nameof(LastOccurrence),
            "La date de dernière occurrence ne peut pas être dans le futur.");
        return errors;
    }
}

/// <summary>Thrown when a draft or a transition breaks a rule; the message is French, for the user.</summary>
public sealed class IssueRuleException(string message) : InvalidOperationException(message);

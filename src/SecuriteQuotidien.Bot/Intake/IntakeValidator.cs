using System.Globalization;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Intake;

/// <summary>The form's steps, in order. Each step validates its own fields and those before it.</summary>
public enum IntakeStep
{
    Place,
    Facts,
    Summary,
}

/// <summary>
/// Server-side validation of the report form against the directory: only the values the card offered
/// are accepted (a forged sector, category or site is refused like a typing error), sizes are bounded,
/// and the date must not be in the future. Errors are French, keyed by form field.
/// </summary>
public sealed class IntakeValidator(IDirectory directory)
{
    /// <summary>Oldest last-occurrence date accepted, in years before today.</summary>
    public const int OldestOccurrenceYears = 2;

    public static readonly IReadOnlyDictionary<string, TimeOfDay> TimesOfDay = new Dictionary<string, TimeOfDay>
    {
        ["matin"] = TimeOfDay.Morning,
        ["apres-midi"] = TimeOfDay.Afternoon,
        ["soiree"] = TimeOfDay.Evening,
        ["nuit"] = TimeOfDay.Night,
    };

    public static readonly IReadOnlyDictionary<string, IssueFrequency> Frequencies = new Dictionary<string, IssueFrequency>
    {
        ["ponctuel"] = IssueFrequency.Once,
        ["plusieurs-par-mois"] = IssueFrequency.SeveralTimesAMonth,
        ["chaque-semaine"] = IssueFrequency.Weekly,
        ["tous-les-jours"] = IssueFrequency.Daily,
    };

    /// <summary>The sectors a partner may report in (the card offers only these).</summary>
    public IReadOnlyList<Sector> SectorsOf(Partner partner) =>
        [.. partner.SectorIds.Select(directory.FindSector).OfType<Sector>()];

    /// <summary>Errors of the given step and all steps before it; empty when valid.</summary>
    public IReadOnlyDictionary<string, string> Validate(IntakeForm form, Partner partner, IntakeStep upTo, DateOnly today)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        ValidatePlace(form, partner, errors);
        if (upTo >= IntakeStep.Facts)
        {
            ValidateFacts(form, today, errors);
        }
        return errors;
    }

    /// <summary>The draft of a fully valid form (call only when <see cref="Validate"/> found nothing).</summary>
    public IssueDraft ToDraft(IntakeForm form, Partner partner)
    {
        var (categoryId, subCategoryId) = SplitCategory(form.Category);
        var site = form.Site == IntakeForm.OtherSite
            ? IssueSite.Address(form.Address.Trim(), NullIfBlank(form.Detail))
            : IssueSite.Known(form.Site, NullIfBlank(form.Detail));
        return new IssueDraft
        {
            SectorId = form.Sector,
            CategoryId = categoryId,
            SubCategoryId = subCategoryId,
            Reporter = new IssueReporter(partner.ObjectId, partner.Organisation.Id),
            Site = site,
            LastOccurrence = DateOnly.ParseExact(form.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            TimeOfDay = TimesOfDay[form.TimeOfDay],
            Frequency = Frequencies[form.Frequency],
            Description = form.Description.Trim(),
            Effect = NullIfBlank(form.Effect),
        };
    }

    public static (string CategoryId, string? SubCategoryId) SplitCategory(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (value, null) : (value[..slash], value[(slash + 1)..]);
    }

    private void ValidatePlace(IntakeForm form, Partner partner, Dictionary<string, string> errors)
    {
        if (!Guid.TryParse(form.DraftId, out _))
        {
            errors[IntakeForm.Fields.DraftId] = "Ce formulaire est incomplet : recommencez avec « signaler ».";
        }

        // Only the partner's own sectors are offered, so only they are accepted.
        var sector = partner.SectorIds.Contains(form.Sector, StringComparer.Ordinal) ? directory.FindSector(form.Sector) : null;
        if (string.IsNullOrWhiteSpace(form.Sector))
        {
            errors[IntakeForm.Fields.Sector] = "Choisissez le secteur concerné.";
        }
        else if (sector is null)
        {
            errors[IntakeForm.Fields.Sector] = "Ce secteur ne fait pas partie de ceux de votre organisation : choisissez-en un dans la liste.";
        }

        var (categoryId, subCategoryId) = SplitCategory(form.Category);
        var category = directory.FindCategory(categoryId);
        if (string.IsNullOrWhiteSpace(form.Category))
        {
            errors[IntakeForm.Fields.Category] = "Choisissez le type de problème.";
        }
        else if (category is null
            || (subCategoryId is null ? category.SubCategories.Count > 0 : !category.SubCategories.Any(s => s.Id == subCategoryId)))
        {
            errors[IntakeForm.Fields.Category] = "Ce type de problème n'existe pas : choisissez-en un dans la liste.";
        }

        if (string.IsNullOrWhiteSpace(form.Site))
        {
            errors[IntakeForm.Fields.Site] = "Choisissez un lieu dans la liste, ou « Autre adresse ».";
        }
        else if (form.Site == IntakeForm.OtherSite)
        {
            if (string.IsNullOrWhiteSpace(form.Address))
            {
                errors[IntakeForm.Fields.Address] = "Indiquez l'adresse du problème.";
            }
            else if (form.Address.Length > IssueDraft.AddressMaxLength)
            {
                errors[IntakeForm.Fields.Address] = $"L'adresse ne doit pas dépasser {IssueDraft.AddressMaxLength} caractères (actuellement {form.Address.Length}).";
            }
        }
        else if (sector is not null && directory.FindSite(form.Site)?.SectorId != sector.Id)
        {
            errors[IntakeForm.Fields.Site] = "Ce lieu n'appartient pas au secteur choisi : choisissez un lieu du secteur, ou « Autre adresse ».";
        }
        else if (sector is null && !partner.SectorIds.Contains(directory.FindSite(form.Site)?.SectorId ?? "", StringComparer.Ordinal))
        {
            errors[IntakeForm.Fields.Site] = "Ce lieu n'existe pas : choisissez-en un dans la liste, ou « Autre adresse ».";
        }

        if (form.Detail.Length > IssueDraft.DetailMaxLength)
        {
            errors[IntakeForm.Fields.Detail] = $"La précision ne doit pas dépasser {IssueDraft.DetailMaxLength} caractères (actuellement {form.Detail.Length}).";
        }
    }

    private static void ValidateFacts(IntakeForm form, DateOnly today, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(form.Date))
        {
            errors[IntakeForm.Fields.Date] = "Indiquez la date de la dernière fois où le problème s'est produit.";
        }
        else if (!DateOnly.TryParseExact(form.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors[IntakeForm.Fields.Date] = "Cette date n'est pas valide : choisissez-la dans le calendrier.";
        }
        else if (date > today)
        {
            errors[IntakeForm.Fields.Date] = "Cette date est dans le futur : indiquez la dernière fois où le problème s'est produit.";
        }
        else if (date < today.AddYears(-OldestOccurrenceYears))
        {
            errors[IntakeForm.Fields.Date] = $"Cette date a plus de {OldestOccurrenceYears} ans : signalez un problème encore actuel.";
        }

        if (!TimesOfDay.ContainsKey(form.TimeOfDay))
        {
            errors[IntakeForm.Fields.TimeOfDay] = "Choisissez le moment de la journée.";
        }
        if (!Frequencies.ContainsKey(form.Frequency))
        {
            errors[IntakeForm.Fields.Frequency] = "Choisissez la fréquence.";
        }

        var description = form.Description.Trim();
        if (description.Length < IssueDraft.DescriptionMinLength)
        {
            errors[IntakeForm.Fields.Description] = $"Décrivez le problème en au moins {IssueDraft.DescriptionMinLength} caractères.";
        }
        else if (description.Length > IssueDraft.DescriptionMaxLength)
        {
            errors[IntakeForm.Fields.Description] = $"La description ne doit pas dépasser {IssueDraft.DescriptionMaxLength} caractères (actuellement {description.Length}).";
        }
        if (form.Effect.Length > IssueDraft.EffectMaxLength)
        {
            errors[IntakeForm.Fields.Effect] = FormValues.TooLong(IssueDraft.EffectMaxLength, form.Effect.Length);
        }
    }

    private static string? NullIfBlank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

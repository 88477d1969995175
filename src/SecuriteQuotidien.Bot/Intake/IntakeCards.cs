using System.Globalization;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Intake;

/// <summary>The cards of the report form, written for a concierge rather than a police officer.</summary>
public static class IntakeCards
{
    public const string MaSecuriteUrl = "https://www.masecurite.interieur.gouv.fr/fr";

    private const string PersonalDataHint = "Ne nommez pas et ne décrivez pas de personne identifiable : décrivez les faits, les lieux et les horaires.";

    public static AdaptiveCard DangerQuestion(string draftId) => new()
    {
        FallbackText = "Signaler un problème : y a-t-il un danger immédiat ?",
        Body =
        [
            Title("Signaler un problème", "Étape 1 sur 4"),
            new TextBlock("Y a-t-il un danger immédiat ?") { Size = "Medium", Weight = "Bolder" },
            new TextBlock("Une personne est menacée, une agression ou un vol est en cours, un incendie…") { IsSubtle = true },
        ],
        Actions =
        [
            CardExtensions.Execute("Oui, il y a un danger maintenant", ActionIds.Intake.Danger, Data(draftId, ("danger", "oui")), style: "destructive"),
            CardExtensions.Execute("Non, continuer le signalement", ActionIds.Intake.Danger, Data(draftId, ("danger", "non")), style: "positive"),
        ],
    };

    public static AdaptiveCard Emergency() => new()
    {
        FallbackText = "Danger immédiat : appelez le 17 ou le 112",
        Body =
        [
            new TextBlock("Appelez tout de suite le 17 (police secours) ou le 112") { Size = "Large", Weight = "Bolder", Color = "Attention" },
            new TextBlock("Ce service n'est pas un numéro d'urgence : un signalement ici n'est pas lu en temps réel. En cas de danger immédiat, appelez le 17 ou le 112, ou envoyez un SMS au 114 si vous ne pouvez pas parler."),
            new TextBlock("Pour une question qui n'est pas urgente, vous pouvez aussi échanger avec un policier ou un gendarme sur Ma Sécurité, 24 h/24."),
            new TextBlock("Aucun signalement n'a été créé.") { IsSubtle = true },
        ],
        Actions =
        [
            new OpenUrlAction { Title = "Ouvrir Ma Sécurité", Url = MaSecuriteUrl },
        ],
    };

    public static AdaptiveCard PlaceStep(IntakeForm form, IReadOnlyList<Sector> sectors, IReadOnlyList<IssueCategory> categories,
        Func<string, IReadOnlyList<Site>> sitesOf, IReadOnlyDictionary<string, string> errors)
    {
        // Pre-selected only on a fresh card: shown again after an error, the card keeps what was sent.
        var sectorValue = form.Sector.Length == 0 && sectors.Count == 1 && errors.Count == 0 ? sectors[0].Id : form.Sector;
        var severalSectors = sectors.Count > 1;
        var siteChoices = sectors
            .SelectMany(sector => sitesOf(sector.Id).Select(site => new Choice(severalSectors ? $"{sector.Name} — {site.Name}" : site.Name, site.Id)))
            .Append(new Choice("Autre adresse (à préciser ci-dessous)", IntakeForm.OtherSite))
            .ToList();
        var body = new List<CardElement>
        {
            Title("Signaler un problème", "Étape 2 sur 4 — quoi et où"),
        };
        AddErrorBanner(body, errors);
        body.Add(new ChoiceSetInput
        {
            Id = IntakeForm.Fields.Sector,
            Label = "Secteur",
            Style = "compact",
            Value = sectorValue,
            Choices = [.. sectors.Select(s => new Choice(s.Name, s.Id))],
            Placeholder = "Choisissez le secteur",
        });
        FormCards.AddError(body, errors, IntakeForm.Fields.Sector);
        body.Add(new ChoiceSetInput
        {
            Id = IntakeForm.Fields.Category,
            Label = "Type de problème",
            Style = "compact",
            Value = form.Category,
            Choices = [.. CategoryChoices(categories)],
            Placeholder = "Choisissez le type de problème",
        });
        FormCards.AddError(body, errors, IntakeForm.Fields.Category);
        body.Add(new ChoiceSetInput
        {
            Id = IntakeForm.Fields.Site,
            Label = "Lieu",
            Style = "compact",
            Value = form.Site,
            Choices = siteChoices,
            Placeholder = "Choisissez un lieu connu",
        });
        FormCards.AddError(body, errors, IntakeForm.Fields.Site);
        body.Add(new TextInput
        {
            Id = IntakeForm.Fields.Address,
            Label = "Autre adresse (si le lieu n'est pas dans la liste)",
            Placeholder = "Ex. : 12 rue de France, Gap",
            Value = form.Address,
            MaxLength = IssueDraft.AddressMaxLength,
        });
        FormCards.AddError(body, errors, IntakeForm.Fields.Address);
        body.Add(new TextInput
        {
            Id = IntakeForm.Fields.Detail,
            Label = "Précision (facultatif)",
            Placeholder = "Ex. : hall B, 2e étage, entrée côté parking",
            Value = form.Detail,
            MaxLength = IssueDraft.DetailMaxLength,
        });
        FormCards.AddError(body, errors, IntakeForm.Fields.Detail);
        return new AdaptiveCard
        {
            FallbackText = "Signaler un problème : quoi et où",
            Body = body,
            Actions = [CardExtensions.Execute("Suivant", ActionIds.Intake.Place, Carry(form, IntakeForm.Fields.Sector, IntakeForm.Fields.Category, IntakeForm.Fields.Site, IntakeForm.Fields.Address, IntakeForm.Fields.Detail), style: "positive")],
        };
    }

    public static AdaptiveCard FactsStep(IntakeForm form, DateOnly today, IReadOnlyDictionary<string, string> errors)
    {
        var body = new List<CardElement>
        {
            Title("Signaler un problème", "Étape 3 sur 4 — quand et comment"),
        };
        AddErrorBanner(body, errors);
        body.Add(new DateInput
        {
            Id = IntakeForm.Fields.Date,
            Label = "Date de la dernière fois",
            Value = form.Date,
            Max = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Min = today.AddYears(-IntakeValidator.OldestOccurrenceYears).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        FormCards.AddError(body, errors, IntakeForm.Fields.Date);
        body.Add(new ChoiceSetInput
        {
            Id = IntakeForm.Fields.TimeOfDay,
            Label = "À quel moment de la journée ?",
            Style = "expanded",
            Value = form.TimeOfDay,
            Choices = [.. IntakeValidator.TimesOfDay.Select(t => new Choice(t.Value.ToFrench(), t.Key))],
        });
        FormCards.AddError(body, errors, IntakeForm.Fields.TimeOfDay);
        body.Add(new ChoiceSetInput
        {
            Id = IntakeForm.Fields.Frequency,
            Label = "À quelle fréquence ?",
            Style = "expanded",
            Value = form.Frequency,
            Choices = [.. IntakeValidator.Frequencies.Select(f => new Choice(f.Value.ToFrench(), f.Key))],
        });
        FormCards.AddError(body, errors, IntakeForm.Fields.Frequency);
        body.Add(new TextInput
        {
            Id = IntakeForm.Fields.Description,
            Label = "Que se passe-t-il ?",
            Placeholder = "Décrivez les faits : ce qui se passe, où exactement, à quelles heures…",
            IsMultiline = true,
            Value = form.Description,
            MaxLength = IssueDraft.DescriptionMaxLength,
        });
        FormCards.AddError(body, errors, IntakeForm.Fields.Description);
        body.Add(new TextBlock(PersonalDataHint) { IsSubtle = true, Spacing = "None", Size = "Small" });
        body.Add(new TextInput
        {
            Id = IntakeForm.Fields.Effect,
            Label = "Quelles conséquences pour les habitants, le personnel ou les clients ? (facultatif)",
            IsMultiline = true,
            Value = form.Effect,
            MaxLength = IssueDraft.EffectMaxLength,
        });
        FormCards.AddError(body, errors, IntakeForm.Fields.Effect);
        return new AdaptiveCard
        {
            FallbackText = "Signaler un problème : quand et comment",
            Body = body,
            Actions =
            [
                CardExtensions.Execute("Vérifier avant d'envoyer", ActionIds.Intake.Facts, Carry(form, IntakeForm.Fields.Date, IntakeForm.Fields.TimeOfDay, IntakeForm.Fields.Frequency, IntakeForm.Fields.Description, IntakeForm.Fields.Effect), style: "positive"),
                CardExtensions.Execute("Revenir à l'étape précédente", ActionIds.Intake.Edit, Carry(form, IntakeForm.Fields.Date, IntakeForm.Fields.TimeOfDay, IntakeForm.Fields.Frequency, IntakeForm.Fields.Description, IntakeForm.Fields.Effect)),
            ],
        };
    }

    /// <summary>The check-before-sending step; <paramref name="problem"/> explains why it is shown again (e.g. storage down).</summary>
    /// <param name="privacyWarning">
    /// Shown when the text seems to name or reach a person; it quotes the partner's text, so it is
    /// rendered literally.
    /// </param>
    public static AdaptiveCard Summary(IntakeForm form, IntakeLabels labels, string? problem = null, string? privacyWarning = null)
    {
        var body = new List<CardElement>
        {
            Title("Signaler un problème", "Étape 4 sur 4 — vérifiez avant d'envoyer"),
        };
        if (problem is not null)
        {
            body.Add(new TextBlock(problem) { Color = "Attention", Weight = "Bolder" });
        }
        if (privacyWarning is not null)
        {
            body.Add(new Container
            {
                Id = "donnees-personnelles",
                Style = "warning",
                Items = [CardText.Literal(privacyWarning)],
            });
        }
        body.Add(new FactSet
        {
            Facts =
            [
                new Fact("Secteur", labels.Sector),
                new Fact("Type", labels.Category),
                new Fact("Dernière fois", labels.Date),
                new Fact("Moment", labels.TimeOfDay),
                new Fact("Fréquence", labels.Frequency),
            ],
        });
        body.Add(Caption("Lieu"));
        body.Add(CardText.Literal(labels.Place));
        body.Add(Caption("Que se passe-t-il ?"));
        body.Add(CardText.Literal(form.Description.Trim()));
        if (!string.IsNullOrWhiteSpace(form.Effect))
        {
            body.Add(Caption("Conséquences"));
            body.Add(CardText.Literal(form.Effect.Trim()));
        }
        body.Add(new TextBlock("Votre signalement sera transmis au policier référent du secteur, qui vous tiendra informé ici.") { IsSubtle = true, Spacing = "Medium" });
        return new AdaptiveCard
        {
            FallbackText = "Signaler un problème : vérifiez avant d'envoyer",
            Body = body,
            Actions =
            [
                CardExtensions.Execute("Envoyer", ActionIds.Intake.Send, form.ToData(), style: "positive"),
                CardExtensions.Execute("Modifier", ActionIds.Intake.Edit, form.ToData()),
            ],
        };
    }

    public static AdaptiveCard Confirmation(Issue issue, string sectorName, string categoryLabel, bool alreadySent) => new()
    {
        FallbackText = $"Signalement {issue.Number} envoyé",
        Body =
        [
            new TextBlock($"Signalement {issue.Number} envoyé") { Size = "Large", Weight = "Bolder", Color = "Good" },
            new TextBlock(alreadySent
                ? "Ce signalement avait déjà été envoyé : il n'a pas été enregistré une seconde fois."
                : "Merci. Votre signalement est enregistré et transmis au policier référent du secteur."),
            new FactSet
            {
                Facts =
                [
                    new Fact("Numéro", issue.Number.ToString()),
                    new Fact("Secteur", sectorName),
                    new Fact("Type", categoryLabel),
                    new Fact("Réponse attendue", FrenchDateFormat.ByDate(issue.Deadline)),
                ],
            },
            new TextBlock($"Une réponse ciblée est attendue {FrenchDateFormat.ByDate(issue.Deadline)}. Vous serez informé ici de chaque étape. Écrivez « mes signalements » pour suivre vos signalements.") { IsSubtle = true },
        ],
    };

    /// <summary>Shown on the summary (form kept) when the partner already sent <paramref name="quota"/> reports this Paris day.</summary>
    public static string DailyQuotaReached(int quota) =>
        $"Vous avez déjà envoyé {Domain.Status.FrenchText.Count(quota, "signalement")} aujourd'hui. Votre formulaire est conservé : vous pourrez l'envoyer demain, ou appelez le référent si c'est urgent.";

    public static AdaptiveCard NotAPartner() => new()
    {
        FallbackText = "Signalement réservé aux partenaires du GPO",
        Body =
        [
            new TextBlock("Signalement réservé aux partenaires du GPO") { Size = "Medium", Weight = "Bolder" },
            new TextBlock("Seules les personnes inscrites comme partenaires du Groupe de partenariat opérationnel (GPO) de leur secteur peuvent signaler un problème ici : bailleurs, gardiens d'immeuble, transporteurs, commerçants, associations…"),
            new TextBlock("Pour rejoindre le GPO de votre secteur, demandez au policier référent de votre secteur (ou à votre commissariat) de vous inscrire. Rien n'a été enregistré."),
            new TextBlock("En cas de danger immédiat, appelez le 17 ou le 112.") { IsSubtle = true },
        ],
    };

    public static AdaptiveCard Stale() => new()
    {
        FallbackText = "Ce formulaire n'est plus à jour",
        Body =
        [
            new TextBlock("Ce formulaire n'est plus à jour") { Size = "Medium", Weight = "Bolder" },
            new TextBlock("Il a été envoyé par une ancienne version du service. Recommencez votre signalement : cela ne prend qu'une minute."),
        ],
        Actions = [CardExtensions.Execute("Recommencer un signalement", ActionIds.Intake.Start)],
    };

    public static IEnumerable<Choice> CategoryChoices(IReadOnlyList<IssueCategory> categories) =>
        categories.SelectMany(c => c.SubCategories.Count == 0
            ? [new Choice(c.Label, c.Id)]
            : c.SubCategories.Select(s => new Choice($"{c.Label} — {s.Label}", $"{c.Id}/{s.Id}")));

    private static Container Title(string title, string step) => new()
    {
        Items =
        [
            new TextBlock(title) { Size = "Large", Weight = "Bolder" },
            new TextBlock(step) { IsSubtle = true, Spacing = "None" },
        ],
    };

    private static TextBlock Caption(string text) => new(text) { Weight = "Bolder", Spacing = "Medium" };

    private static void AddErrorBanner(List<CardElement> body, IReadOnlyDictionary<string, string> errors)
    {
        if (errors.Count > 0)
        {
            body.Add(new TextBlock("Certaines réponses sont à corriger : voir les messages en rouge. Vos autres réponses sont conservées.") { Color = "Attention", Weight = "Bolder" });
        }
        if (errors.TryGetValue(IntakeForm.Fields.DraftId, out var formError))
        {
            body.Add(new TextBlock(formError) { Color = "Attention" });
        }
    }

    private static JsonObject Data(string draftId, params (string Key, string Value)[] values)
    {
        var data = new JsonObject
        {
            [IntakeForm.Fields.Version] = IntakeForm.CurrentVersion,
            [IntakeForm.Fields.DraftId] = draftId,
        };
        foreach (var (key, value) in values)
        {
            data[key] = value;
        }
        return data;
    }

    /// <summary>The form's values minus the fields the card's inputs will provide themselves.</summary>
    private static JsonObject Carry(IntakeForm form, params string[] inputFields)
    {
        var data = form.ToData();
        foreach (var field in inputFields)
        {
            data.Remove(field);
        }
        return data;
    }
}

/// <summary>French labels of a form's values for the summary step.</summary>
public sealed record IntakeLabels(string Sector, string Category, string Place, string Date, string TimeOfDay, string Frequency);

using System.Globalization;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;

namespace SecuriteQuotidien.Bot.Privacy;

/// <summary>The cards of the personal-data features. User text always goes through <see cref="CardText"/>.</summary>
public static class PrivacyCards
{
    /// <summary>The masking form: the text as the police see it, the passages the redaction check found, a field for any passage.</summary>
    public static AdaptiveCard MaskForm(Issue issue, PoliceOnlyText layer, string? typed, string? error)
    {
        var found = PersonalDataDetector.Find(layer.OriginalDescription + "\n" + (layer.OriginalEffect ?? ""))
            .Select(f => f.Text)
            .Where(t => !layer.MaskedPassages.Contains(t, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Take(10)
            .ToList();
        var body = new List<CardElement>
        {
            new TextBlock($"Signalement {issue.Number} — Masquer un passage") { Size = "Medium", Weight = "Bolder" },
            new TextBlock("Le passage choisi est remplacé par « [masqué] » partout où le partenaire voit son signalement. "
                + "Le texte d'origine reste visible de la police seulement.") { IsSubtle = true },
            CardText.Literal(layer.PoliceDescription, maxLength: 2000),
        };
        if (found.Count > 0)
        {
            body.Add(new ChoiceSetInput
            {
                Id = MaskPassageFeature.FoundField,
                Label = "Passage repéré comme donnée personnelle",
                Choices = [.. found.Select(t => new Choice(CardText.Clean(t, 100), t))],
                Style = "compact",
                Placeholder = "Choisissez",
            });
        }
        body.Add(new TextInput
        {
            Id = MaskPassageFeature.PassageField,
            Label = found.Count > 0 ? "Ou recopiez exactement le passage à masquer" : "Recopiez exactement le passage à masquer",
            MaxLength = PoliceOnlyText.PassageMaxLength,
            Value = string.IsNullOrEmpty(typed) ? null : typed,
        });
        if (error is not null)
        {
            body.Add(FormCards.ErrorLine(MaskPassageFeature.PassageField, error));
        }
        var reference = IssueRef.Of(issue).ToData();
        return new AdaptiveCard
        {
            FallbackText = $"Signalement {issue.Number} — Masquer un passage",
            Body = body,
            Actions = FormCards.SubmitOrCancel("Masquer", ActionIds.Issue.MaskSubmit, reference, ActionIds.Issue.Refresh, submitStyle: "destructive"),
            MsTeams = new TeamsCardProperties { Width = "Full" },
        };
    }

    /// <summary>The audit trail of a period: counts per action, then one line per event (CSV-like), bounded.</summary>
    public static AdaptiveCard AuditTrail(string periodLabel, AuditPage page, Func<string, string> personName)
    {
        var total = page.Events.Count + page.LeftOut;
        var body = new List<CardElement>
        {
            new TextBlock("Trace d'audit") { Size = "Medium", Weight = "Bolder" },
            new TextBlock($"{CardText.Clean(periodLabel)} : {Count(total, "événement")}.") { Wrap = true },
        };
        if (page.LeftOut > 0)
        {
            body.Add(new TextBlock($"{Count(page.LeftOut, "événement")} non affiché{(page.LeftOut > 1 ? "s" : "")} (limite de {page.Events.Count} lignes) : "
                + "demandez une période plus courte pour les voir.") { Color = "Attention" });
        }
        if (page.Events.Count > 0)
        {
            body.Add(new FactSet
            {
                Facts = [.. page.Events.GroupBy(e => e.Action).OrderBy(g => g.Key).Select(g => new Fact(g.Key.ToFrench(), g.Count().ToString(CultureInfo.InvariantCulture)))],
            });
            var lines = page.Events.Select(e => string.Join(";",
                TimeZoneInfo.ConvertTime(e.OccurredAt, ParisTime.Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                e.ActorObjectId, personName(e.ActorObjectId), e.Action.ToString(), e.IssueNumber ?? "", e.Scope ?? "", e.Detail ?? ""));
            body.Add(new TextBlock("Détail (date;acteur;nom;action;signalement;périmètre;précision)") { Weight = "Bolder", Spacing = "Medium" });
            body.Add(CardText.Literal(string.Join("\n", lines), maxLength: 24_000));
        }
        return new AdaptiveCard { FallbackText = "Trace d'audit", Body = body };
    }

    /// <summary>What will happen to a person's data, and the buttons to confirm or cancel.</summary>
    public static AdaptiveCard ErasureConfirmation(string objectId, string? name, int closedIssues, int openIssues, bool hasConversation)
    {
        var data = new System.Text.Json.Nodes.JsonObject { [PersonErasure.ObjectIdField] = objectId };
        return new AdaptiveCard
        {
            FallbackText = "Confirmer l'effacement",
            Body =
            [
                new TextBlock("Demande d'effacement") { Size = "Medium", Weight = "Bolder" },
                new FactSet
                {
                    Facts =
                    [
                        new Fact("Personne", CardText.Clean(name ?? "inconnue de l'annuaire")),
                        new Fact("Identifiant", CardText.Clean(objectId)),
                        new Fact("Signalements clos", $"{closedIssues} (anonymisés)"),
                        new Fact("Signalements en cours", $"{openIssues} (identité retirée)"),
                        new Fact("Conversation avec le bot", hasConversation ? "oui (supprimée)" : "aucune"),
                    ],
                },
                new TextBlock(PersonErasure.Explanation) { Wrap = true },
                new TextBlock("Cette opération est définitive.") { Color = "Attention", Weight = "Bolder" },
            ],
            Actions = FormCards.SubmitOrCancel("Confirmer l'effacement", ActionIds.Privacy.ErasureConfirm, data, ActionIds.Privacy.ErasureCancel, submitStyle: "destructive"),
        };
    }

    /// <summary>The answer once the erasure is done.</summary>
    public static AdaptiveCard ErasureDone(int anonymised, int redacted, bool conversationDeleted, bool stillInDirectory) => new()
    {
        FallbackText = "Effacement effectué",
        Body =
        [
            new TextBlock("Effacement effectué") { Size = "Medium", Weight = "Bolder" },
            new FactSet
            {
                Facts =
                [
                    new Fact("Signalements clos anonymisés", anonymised.ToString(CultureInfo.InvariantCulture)),
                    new Fact("Signalements en cours dont l'identité est retirée", redacted.ToString(CultureInfo.InvariantCulture)),
                    new Fact("Conversation avec le bot", conversationDeleted ? "supprimée" : "aucune"),
                ],
            },
            new TextBlock(PersonErasure.Explanation) { Wrap = true },
            new TextBlock(stillInDirectory
                ? "La personne figure encore dans le fichier du département : retirez-la de « partners » pour qu'elle ne puisse plus utiliser le bot."
                : "La personne ne figure pas dans le fichier du département.") { Wrap = true, Weight = "Bolder" },
        ],
    };

    public static string Count(int n, string noun) => n > 1 ? $"{n} {noun}s" : $"{n} {noun}";
}

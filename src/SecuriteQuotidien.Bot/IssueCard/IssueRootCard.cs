using System.Globalization;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;

namespace SecuriteQuotidien.Bot.IssueCard;

/// <summary>What the root card shows beyond the issue itself (loaded by <see cref="IssueCardService"/>).</summary>
public sealed record RootCardDetails
{
    /// <summary>The timeline (police view), oldest first; the card shows the last <see cref="EventsShown"/>.</summary>
    public IReadOnlyList<IssueEvent> Events { get; init; } = [];
    public int EventsShown { get; init; } = 3;
    /// <summary>The current clock's deadline (after a reopening or pauses), when it differs from <see cref="Issue.Deadline"/>.</summary>
    public DateOnly? CurrentDeadline { get; init; }
    /// <summary>Teams ids (29:...) of the referent and deputy for the automatic refresh; null: refresh for everyone.</summary>
    public IReadOnlyList<string>? RefreshUserIds { get; init; }
    /// <summary>A line shown above the facts (e.g. why the clicked action was not applied).</summary>
    public string? Notice { get; init; }
    /// <summary>The sector the issue came from, on the new thread of a transferred issue.</summary>
    public string? TransferredFrom { get; init; }
    /// <summary>The police-only layer when a passage was masked: the card shows the originals with a marker.</summary>
    public PoliceOnlyText? PoliceText { get; init; }
    /// <summary>A restricted category in a shared view: the place and the facts are left out.</summary>
    public bool DetailsWithheld { get; init; }
}

/// <summary>
/// The root card of an issue's thread in its sector channel: what, where, status, days left or
/// overdue, the last events, and the referent's buttons for the current status. Partner text is shown
/// literally (no Markdown, no mention). Every button carries the issue and the version of its state.
/// </summary>
public static class IssueRootCard
{
    public const string WithheldNotice =
        "Catégorie réservée : le lieu et les faits ne sont visibles que de la police et de la personne qui a signalé.";

    public static AdaptiveCard Build(Issue issue, IDirectory directory, DateOnly today, RootCardDetails? details = null)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(directory);
        details ??= new RootCardDetails();
        var sector = directory.FindSector(issue.SectorId);
        var category = directory.FindCategory(issue.CategoryId);
        var subCategory = category?.SubCategories.FirstOrDefault(s => s.Id == issue.SubCategoryId);
        var referent = sector is null ? null : directory.FindStaff(sector.ReferentObjectId);
        var reporter = directory.FindPartner(issue.Reporter.ObjectId);
        var title = issue.Status == IssueStatus.New ? $"Nouveau signalement {issue.Number}" : $"Signalement {issue.Number}";

        var body = new List<CardElement> { new TextBlock(title) { Size = "Large", Weight = "Bolder" } };
        if (details.Notice is not null)
        {
            body.Add(new TextBlock(details.Notice) { Color = "Attention", Weight = "Bolder" });
        }
        if (details.TransferredFrom is not null)
        {
            body.Add(new TextBlock($"Transféré depuis le secteur {directory.FindSector(details.TransferredFrom)?.Name ?? details.TransferredFrom}.") { IsSubtle = true });
        }
        CardMention? mention = null;
        if (referent is not null && issue.IsOpen)
        {
            var tag = $"<at>{referent.DisplayName}</at>";
            mention = new CardMention { Text = tag, Mentioned = new CardMentioned { Id = referent.ObjectId, Name = referent.DisplayName } };
            body.Add(new TextBlock(Header(issue, tag, details.CurrentDeadline ?? issue.Deadline)));
        }
        body.Add(new FactSet
        {
            Facts =
            [
                new Fact("Statut", StatusLabel(issue)),
                new Fact("Secteur", sector?.Name ?? issue.SectorId),
                new Fact("Type", details.DetailsWithheld ? "Catégorie réservée"
                    : subCategory is null ? category?.Label ?? issue.CategoryId : $"{category!.Label} — {subCategory.Label}"),
                new Fact("Dernière fois", $"{FrenchDateFormat.Long(issue.LastOccurrence)}, {issue.TimeOfDay.ToFrench().ToLowerInvariant()}"),
                new Fact("Fréquence", issue.Frequency.ToFrench()),
                // The contact person by name, except where a restricted category's shared view withholds the details.
                new Fact("Signalé par", reporter is null ? "Partenaire"
                    : details.DetailsWithheld ? reporter.Organisation.Name : $"{reporter.DisplayName} ({reporter.Organisation.Name})"),
                new Fact("Échéance", DeadlineLabel(issue, details.CurrentDeadline ?? issue.Deadline, today)),
            ],
        });
        if (details.DetailsWithheld)
        {
            body.Add(new TextBlock(WithheldNotice) { Wrap = true, IsSubtle = true, Spacing = "Medium" });
        }
        else
        {
            body.Add(new TextBlock("Lieu") { Weight = "Bolder", Spacing = "Medium" });
            body.Add(CardText.Literal(CardLabels.PlaceOf(issue, directory)));
            body.Add(new TextBlock("Ce qui se passe") { Weight = "Bolder", Spacing = "Medium" });
            body.Add(CardText.Literal(details.PoliceText?.PoliceDescription ?? issue.Description));
        }
        var effect = details.DetailsWithheld ? null : details.PoliceText is { } layer ? layer.PoliceEffect : issue.Effect;
        if (!string.IsNullOrWhiteSpace(effect))
        {
            body.Add(new TextBlock("Conséquences") { Weight = "Bolder", Spacing = "Medium" });
            body.Add(CardText.Literal(effect));
        }
        if (details.PoliceText is { MaskedPassages.Count: > 0 })
        {
            body.Add(new TextBlock("Les passages marqués « masqué pour le partenaire » ne sont visibles que de la police.") { IsSubtle = true, Size = "Small" });
        }
        body.AddRange(Timeline(details.Events, details.EventsShown, directory));

        var reference = IssueRef.Of(issue);
        return new AdaptiveCard
        {
            FallbackText = title,
            Body = body,
            Actions = ActionsFor(issue, reference),
            Refresh = new CardRefresh
            {
                Action = new ExecuteAction { Title = "Actualiser", Verb = ActionIds.Issue.Refresh, Data = reference.ToData() },
                UserIds = details.RefreshUserIds,
            },
            MsTeams = new TeamsCardProperties { Width = "Full", Entities = mention is null ? null : [mention] },
        };
    }

    /// <summary>The old root card once the issue moved to another sector: no buttons, a pointer to where it went.</summary>
    public static AdaptiveCard Transferred(Issue issue, IDirectory directory)
    {
        var target = directory.FindSector(issue.SectorId)?.Name ?? issue.SectorId;
        return new AdaptiveCard
        {
            FallbackText = $"Signalement {issue.Number} transféré",
            Body =
            [
                new TextBlock($"Signalement {issue.Number} transféré") { Size = "Large", Weight = "Bolder" },
                new TextBlock($"Ce signalement a été transféré au secteur {target}. Son suivi continue dans le canal de ce secteur."),
                directory.FindCategory(issue.CategoryId)?.Restricted == true
                    ? new TextBlock(WithheldNotice) { Wrap = true, IsSubtle = true }
                    : CardText.Literal(issue.Description, maxLength: 300, subtle: true),
            ],
            MsTeams = new TeamsCardProperties { Width = "Full" },
        };
    }

    /// <summary>
    /// What the mention line says, by status: a new issue waits to be taken in charge, a taken one for its targeted
    /// response (by its deadline), a paused one is paused; once answered, the referent is just named.
    /// </summary>
    private static string Header(Issue issue, string tag, DateOnly deadline) => issue switch
    {
        { IsPaused: true } => $"{tag}, référent de ce signalement, suspendu pour le moment.",
        { Status: IssueStatus.New } => $"{tag}, ce nouveau signalement de votre secteur attend d'être pris en compte.",
        { FirstResponseAt: null } => $"{tag}, ce signalement est pris en compte : réponse ciblée attendue au plus tard le {FrenchDateFormat.Long(deadline)}.",
        _ => $"{tag}, référent de ce signalement.",
    };

    /// <summary>The title of the button that shows the secondary actions.</summary>
    public const string MoreButton = "Plus…";

    /// <summary>
    /// The main action of the status first (« Prendre en compte » while new, « Réponse ciblée » until answered,
    /// « Reprendre » while paused, « Clôturer » once answered), then « Plus… », which shows the others: the rest of
    /// the workflow, « Masquer un passage » (until the issue is anonymised) and « Ouvrir un diagnostic ». Once closed,
    /// only the last two remain, shown directly.
    /// </summary>
    private static List<CardAction> ActionsFor(Issue issue, IssueRef reference)
    {
        CardAction Button(string title, string verb, string? style = null) =>
            CardExtensions.Execute(title, verb, reference.ToData(), style, associatedInputs: "none");
        var others = new List<CardAction>();
        if (!IssueAnonymiser.IsAnonymised(issue))
        {
            others.Add(Button("Masquer un passage", ActionIds.Issue.Mask));
        }
        // Opens the shared-diagnostic form with this issue pre-selected.
        others.Add(Button("Ouvrir un diagnostic", ActionIds.Diagnostic.OpenForm));
        if (!issue.IsOpen)
        {
            return others;
        }
        var main = issue switch
        {
            { IsPaused: true } => (Title: "Reprendre", Verb: ActionIds.Issue.Resume),
            { Status: IssueStatus.New } => (Title: "Prendre en compte", Verb: ActionIds.Issue.Acknowledge),
            { FirstResponseAt: null } => (Title: "Réponse ciblée", Verb: ActionIds.Issue.Response),
            _ => (Title: "Clôturer", Verb: ActionIds.Issue.Close),
        };
        var workflow = new List<(string Title, string Verb)>
        {
            ("Réponse ciblée", ActionIds.Issue.Response),
            ("Demander une précision", ActionIds.Issue.Clarify),
            issue.IsPaused ? ("Reprendre", ActionIds.Issue.Resume) : ("Suspendre", ActionIds.Issue.Pause),
            ("Transférer", ActionIds.Issue.Transfer),
            ("Clôturer", ActionIds.Issue.Close),
        };
        // A new issue is taken in charge before it is paused.
        workflow.RemoveAll(w => w.Verb == main.Verb || (issue.Status == IssueStatus.New && w.Verb == ActionIds.Issue.Pause));
        var more = new ShowCardAction
        {
            Title = MoreButton,
            // The rest of the workflow, then the other two: each row within the host's five buttons.
            Card = new AdaptiveCard { Body = [new ActionSet { Actions = [.. workflow.Select(w => Button(w.Title, w.Verb))] }], Actions = others },
        };
        return [Button(main.Title, main.Verb, "positive"), more];
    }

    private static IEnumerable<CardElement> Timeline(IReadOnlyList<IssueEvent> events, int shown, IDirectory directory)
    {
        var last = events.Where(e => e.Kind != IssueEventKind.ThreadPosted).TakeLast(Math.Max(0, shown)).ToList();
        if (last.Count == 0)
        {
            yield break;
        }
        yield return new TextBlock(shown > 3 ? "Historique" : "Dernières actions") { Weight = "Bolder", Spacing = "Medium" };
        foreach (var e in last)
        {
            var when = TimeZoneInfo.ConvertTime(e.OccurredAt, ParisTime.Zone).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
            var text = $"{when} — {CardLabels.EventLabel(e.Kind)} — {ActorName(e.ActorObjectId, directory)}";
            if (!string.IsNullOrWhiteSpace(e.Payload))
            {
                text += " : " + e.Payload;
            }
            // Payloads hold user text: a literal run, never Markdown.
            yield return CardText.Literal(text, maxLength: 400);
        }
    }

    private static string ActorName(string objectId, IDirectory directory) =>
        directory.FindStaff(objectId)?.DisplayName ?? directory.FindPartner(objectId)?.DisplayName ?? (objectId == "bot" ? "Bot" : "Inconnu");

    private static string StatusLabel(Issue issue) => issue switch
    {
        { Status: IssueStatus.Closed, Outcome: { } outcome } => $"Clos — {outcome.ToFrench()}",
        { IsPaused: true } => $"{issue.Status.ToFrench()} — en pause",
        _ => issue.Status.ToFrench(),
    };

    private static string DeadlineLabel(Issue issue, DateOnly deadline, DateOnly today)
    {
        if (!issue.IsOpen)
        {
            return FrenchDateFormat.Long(deadline);
        }
        if (issue.Status is IssueStatus.ResponseEngaged or IssueStatus.FollowUp)
        {
            return $"{FrenchDateFormat.Long(deadline)} (réponse ciblée engagée)";
        }
        var label = $"{FrenchDateFormat.Long(deadline)} ({CardLabels.DaysLeft(deadline.DayNumber - today.DayNumber)})";
        return issue.IsPaused ? label + ", délai suspendu" : label;
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Bot.Worklist;

/// <summary>One open issue of a police worklist, with what its line shows and how urgent it is.</summary>
/// <param name="DaysLeft">Days left before the response deadline (negative: late); null when a response is engaged.</param>
public sealed record WorkItem(Issue Issue, int? DaysLeft, IssueEvent? LastEvent);

/// <summary>The filters of « mes dossiers », as the card sends them back.</summary>
public sealed record WorklistFilter(string Status, string? SectorId)
{
    public const string All = "tous";
    public const string Late = "en-retard";
    public const string Awaiting = "sans-reponse";
    public const string Responded = "reponse-engagee";
    public const string Paused = "en-pause";

    public static WorklistFilter None { get; } = new(All, null);

    /// <summary>The status choices of the card, in order.</summary>
    public static IReadOnlyList<Choice> StatusChoices { get; } =
    [
        new("Tous les états", All),
        new("En retard", Late),
        new("Sans réponse ciblée (nouveaux, pris en compte)", Awaiting),
        new("Réponse ciblée engagée ou en suivi", Responded),
        new("En pause", Paused),
    ];

    public bool Admits(WorkItem item) => Status switch
    {
        Late => item.DaysLeft < 0,
        Awaiting => item.DaysLeft is not null,
        Responded => item.DaysLeft is null,
        Paused => item.Issue.IsPaused,
        _ => true,
    };
}

/// <summary>The cards of « mes dossiers » and « chercher »: one line per issue, the line opens the issue's card.</summary>
public static class WorklistCards
{
    public const int PageSize = 10;

    /// <summary>The fields the list's buttons and inputs send back.</summary>
    public static class Fields
    {
        public const string Page = "page";
        public const string Status = "etat";
        public const string Sector = "filtreSecteur";
    }

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The line's order: late first, then by days left; issues with a response engaged after them, oldest deadline first.</summary>
    public static IEnumerable<WorkItem> ByUrgency(IEnumerable<WorkItem> items) =>
        items.OrderBy(i => i.DaysLeft is null).ThenBy(i => i.DaysLeft ?? 0).ThenBy(i => i.Issue.Deadline).ThenBy(i => i.Issue.Number.ToString(), StringComparer.Ordinal);

    /// <param name="sectors">The sectors the reader serves (the sector filter is offered when there are several).</param>
    public static AdaptiveCard List(IReadOnlyList<WorkItem> matching, int pageIndex, WorklistFilter filter, IReadOnlyList<Sector> sectors,
        IDirectory directory, DateOnly today)
    {
        var pages = Math.Max(1, (matching.Count + PageSize - 1) / PageSize);
        pageIndex = Math.Clamp(pageIndex, 0, pages - 1);
        var late = matching.Count(i => i.DaysLeft < 0);
        var heading = FrenchText.Count(matching.Count, "signalement ouvert");
        var body = new List<CardElement>
        {
            new TextBlock("Mes dossiers") { Size = "Large", Weight = "Bolder" },
            new TextBlock($"{heading}, dont {late} en retard · situation au {FrenchDateFormat.Long(today)}")
            {
                IsSubtle = true,
                Spacing = "None",
            },
            new ChoiceSetInput
            {
                Id = Fields.Status,
                Label = "État",
                Style = "compact",
                Choices = WorklistFilter.StatusChoices,
                Value = filter.Status,
            },
        };
        if (sectors.Count > 1)
        {
            body.Add(new ChoiceSetInput
            {
                Id = Fields.Sector,
                Label = "Secteur",
                Style = "compact",
                Choices = [new Choice("Tous mes secteurs", WorklistFilter.All), .. sectors.Select(s => new Choice(s.Name, s.Id))],
                Value = filter.SectorId ?? WorklistFilter.All,
            });
        }
        body.Add(new ActionSet { Actions = [CardExtensions.Execute("Filtrer", ActionIds.Worklist.List, new JsonObject { [Fields.Page] = 0 })] });
        if (matching.Count == 0)
        {
            body.Add(new TextBlock(filter == WorklistFilter.None
                ? "Aucun signalement ouvert dans vos secteurs."
                : "Aucun signalement ouvert ne correspond à ces filtres.") { Spacing = "Medium" });
        }
        else
        {
            body.AddRange(matching.Skip(pageIndex * PageSize).Take(PageSize).Select(i => Line(i, directory, today)));
            body.Add(new TextBlock($"Page {pageIndex + 1} sur {pages} · touchez un signalement pour l'ouvrir et agir.")
            {
                IsSubtle = true,
                Size = "Small",
                Spacing = "Medium",
            });
        }
        body.Add(new TextBlock("Un numéro : « dossier 05-2026-0042 ». Un lieu, un type, des mots : « chercher hall Carnot ».")
        {
            IsSubtle = true,
            Size = "Small",
            Spacing = "Small",
        });
        var actions = new List<CardAction>();
        if (pageIndex > 0)
        {
            actions.Add(PageButton("Précédents", pageIndex - 1, filter));
        }
        if (pageIndex + 1 < pages)
        {
            actions.Add(PageButton("Suivants", pageIndex + 1, filter));
        }
        return new AdaptiveCard
        {
            FallbackText = $"Mes dossiers : {heading}",
            Body = body,
            Actions = actions.Count == 0 ? null : actions,
            MsTeams = new TeamsCardProperties { Width = "Full" },
        };
    }

    /// <summary>The answer to « chercher »: the issues found (open ones by urgency, then the recently closed ones).</summary>
    public static AdaptiveCard SearchResults(string words, IReadOnlyList<WorkItem> found, int total, int recentDays, IDirectory directory, DateOnly today)
    {
        var heading = total == 0
            ? $"Aucun signalement trouvé pour « {CardText.Clean(words, 80)} »"
            : $"{FrenchText.Count(total, "signalement trouvé")} pour « {CardText.Clean(words, 80)} »";
        var body = new List<CardElement>
        {
            new TextBlock(heading) { Size = "Medium", Weight = "Bolder", Wrap = true },
            new TextBlock($"Signalements ouverts ou clos depuis moins de {recentDays} jours de vos secteurs : lieu, type et description.")
            {
                IsSubtle = true,
                Spacing = "None",
            },
        };
        body.AddRange(found.Select(i => Line(i, directory, today)));
        if (total > found.Count)
        {
            body.Add(new TextBlock($"… et {FrenchText.Count(total - found.Count, "autre signalement")} : précisez votre recherche.")
            {
                IsSubtle = true,
                Spacing = "Medium",
            });
        }
        return new AdaptiveCard { FallbackText = heading, Body = body, MsTeams = new TeamsCardProperties { Width = "Full" } };
    }

    public static AdaptiveCard Notice(string title, string text) => new()
    {
        FallbackText = title,
        Body =
        [
            new TextBlock(title) { Size = "Medium", Weight = "Bolder" },
            new TextBlock(text),
        ],
    };

    /// <summary>
    /// Number, days left (or late), status; sector, place, category; the last event. The whole line opens the issue's card
    /// (the card's own refresh verb: the kernel checks the reader against the stored issue, and the card is built for them).
    /// </summary>
    private static Container Line(WorkItem item, IDirectory directory, DateOnly today)
    {
        var issue = item.Issue;
        var status = issue switch
        {
            { Status: IssueStatus.Closed, Outcome: { } outcome } => $"clos ({outcome.ToFrench().ToLower(French)})",
            { IsPaused: true } => $"{issue.Status.ToFrench().ToLower(French)}, en pause",
            _ => issue.Status.ToFrench().ToLower(French),
        };
        var urgency = issue.IsOpen && item.DaysLeft is { } days ? $" · {CardLabels.DaysRemaining(days)}" : "";
        var category = directory.FindCategory(issue.CategoryId)?.Label ?? issue.CategoryId;
        var sector = directory.FindSector(issue.SectorId)?.Name ?? issue.SectorId;
        // The row keeps its last transition's event; a row written otherwise (older rows, tools) has none: a new issue's is its creation.
        var last = item.LastEvent is { } e
            ? $"{CardLabels.EventLabel(e.Kind)} le {FrenchDateFormat.Long(ParisTime.DateOf(e.OccurredAt))}"
            : issue.Status == IssueStatus.New
                ? $"{CardLabels.EventLabel(IssueEventKind.Created)} le {FrenchDateFormat.Long(ParisTime.DateOf(issue.CreatedAt))}"
                : null;
        var number = issue.Number.ToString();
        return new Container
        {
            Separator = true,
            Spacing = "Medium",
            SelectAction = CardParts.OpenIssue(issue.SectorId, issue.Number),
            Items =
            [
                new TextBlock($"**{number}**{urgency} · {status}")
                {
                    Color = item.DaysLeft < 0 && issue.IsOpen ? "Attention" : "Accent",
                    Wrap = true,
                },
                // The place is the partner's text: a literal run, never Markdown.
                CardText.Literal($"{sector} · {CardText.Clean(CardLabels.PlaceOf(issue, directory), 80)} · {category}", maxLength: 300) with { Spacing = "None" },
                .. last is null ? Array.Empty<CardElement>()
                    : [new TextBlock($"Dernier événement : {last}") { IsSubtle = true, Size = "Small", Spacing = "None", Wrap = true }],
            ],
        };
    }

    private static ExecuteAction PageButton(string title, int page, WorklistFilter filter) =>
        CardExtensions.Execute(title, ActionIds.Worklist.List, new JsonObject
        {
            [Fields.Page] = page,
            [Fields.Status] = filter.Status,
            [Fields.Sector] = filter.SectorId ?? WorklistFilter.All,
        }, associatedInputs: "none");
}

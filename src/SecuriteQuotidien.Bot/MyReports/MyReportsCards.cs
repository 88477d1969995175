using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.MyReports;

/// <summary>One page of a partner's issues, newest first.</summary>
/// <param name="CurrentDeadlines">The deadline of each issue's current clock (after a pause or a reopening it is not
/// <see cref="Issue.Deadline"/>, the first one); an issue missing here shows its first deadline.</param>
public sealed record ReportPage(IReadOnlyList<Issue> Issues, int PageIndex, bool HasNext,
    IReadOnlyDictionary<IssueNumber, DateOnly>? CurrentDeadlines = null);

/// <summary>The cards of "mes signalements": the list of a partner's issues and the partner-visible timeline of one.</summary>
public static class MyReportsCards
{
    public const int PageSize = 10;

    /// <summary>Card data fields.</summary>
    public static class Fields
    {
        public const string Page = "page";
        public const string Sector = "secteur";
        public const string Number = "numero";
    }

    public static AdaptiveCard List(ReportPage page, IDirectory directory, DateOnly today)
    {
        var first = page.PageIndex * PageSize + 1;
        var body = new List<CardElement>
        {
            Title("Mes signalements", $"Signalements {first} à {first + page.Issues.Count - 1}, du plus récent au plus ancien"),
            new TextBlock("Touchez un signalement pour voir son suivi.") { IsSubtle = true, Size = "Small" },
        };
        body.AddRange(page.Issues.Select(issue =>
            Line(issue, page.CurrentDeadlines is { } known && known.TryGetValue(issue.Number, out var current) ? current : issue.Deadline,
                page.PageIndex, directory, today)));

        var actions = new List<CardAction>();
        if (page.PageIndex > 0)
        {
            actions.Add(CardExtensions.Execute("Précédents", ActionIds.MyReports.List, PageData(page.PageIndex - 1)));
        }
        if (page.HasNext)
        {
            actions.Add(CardExtensions.Execute("Suivants", ActionIds.MyReports.List, PageData(page.PageIndex + 1)));
        }
        return new AdaptiveCard
        {
            FallbackText = "Mes signalements",
            Body = body,
            Actions = actions.Count == 0 ? null : actions,
        };
    }

    /// <summary>No issue yet: say so kindly and offer to report one.</summary>
    public static AdaptiveCard Empty() => new()
    {
        FallbackText = "Vous n'avez encore envoyé aucun signalement",
        Body =
        [
            new TextBlock("Mes signalements") { Size = "Large", Weight = "Bolder" },
            new TextBlock("Vous n'avez encore envoyé aucun signalement. Quand un problème se répète près de chez vous ou de votre établissement, signalez-le : le policier référent de votre secteur vous répondra ici."),
        ],
        Actions = [CardExtensions.Execute("Signaler un problème", ActionIds.Intake.Start, style: "positive")],
    };

    /// <summary>The partner-visible timeline of one issue. <paramref name="events"/> must already be filtered.</summary>
    public static AdaptiveCard Detail(Issue issue, IReadOnlyList<IssueEvent> events, IDirectory directory, DateOnly today, int fromPage,
        DateOnly? currentDeadline = null)
    {
        var deadline = currentDeadline ?? issue.Deadline;
        var body = new List<CardElement>
        {
            Title($"Signalement {issue.Number}", StatusLine(issue, deadline, today)),
            new FactSet
            {
                Facts =
                [
                    new Fact("Secteur", directory.FindSector(issue.SectorId)?.Name ?? issue.SectorId),
                    new Fact("Type", CategoryOf(issue, directory)),
                    new Fact("Envoyé le", FrenchDateFormat.Long(ParisTime.DateOf(issue.CreatedAt))),
                    .. AwaitsResponse(issue) ? [new Fact("Réponse attendue", FrenchDateFormat.ByDate(deadline))] : Array.Empty<Fact>(),
                ],
            },
            Caption("Lieu"),
            CardText.Literal(CardLabels.PlaceOf(issue, directory)),
            Caption("Ce que vous avez signalé"),
            CardText.Literal(issue.Description),
            Caption("Suivi"),
        };
        foreach (var issueEvent in events.Where(e => TimelineLabels.Label(e.Kind) is not null))
        {
            body.Add(new TextBlock($"{FrenchDateFormat.Long(ParisTime.DateOf(issueEvent.OccurredAt))} — {TimelineLabels.Label(issueEvent.Kind)}")
            {
                Weight = "Bolder",
                Size = "Small",
                Separator = true,
            });
            if (!string.IsNullOrWhiteSpace(issueEvent.Payload))
            {
                body.Add(CardText.Literal(issueEvent.Payload, maxLength: 2000));
            }
        }
        return new AdaptiveCard
        {
            FallbackText = $"Signalement {issue.Number}",
            Body = body,
            Actions = [BackToList(fromPage)],
        };
    }

    /// <summary>Same answer for an unknown issue and for another partner's: nothing tells one from the other.</summary>
    public static AdaptiveCard NotYours() => Notice(
        "Signalement introuvable",
        "Ce signalement n'est pas le vôtre, ou il n'existe pas. Vous ne pouvez consulter que les signalements que vous avez envoyés.",
        BackToList(0));

    public static AdaptiveCard NotAPartner() => Notice(
        "Suivi réservé aux partenaires du GPO",
        "« Mes signalements » montre le suivi des problèmes signalés par les partenaires du Groupe de partenariat opérationnel (GPO) de leur secteur. Vous n'y êtes pas inscrit comme partenaire : demandez au policier référent de votre secteur de vous inscrire.");

    public static AdaptiveCard Unavailable(JsonObject retryData, string retryVerb) => Notice(
        "Service momentanément indisponible",
        "Vos signalements n'ont pas pu être lus pour le moment. Rien n'est perdu : réessayez dans un instant.",
        CardExtensions.Execute("Réessayer", retryVerb, retryData));

    /// <summary>"Clos — Résolu", or the status with the days left before (or past) the response deadline.</summary>
    public static string StatusLine(Issue issue, DateOnly deadline, DateOnly today)
    {
        if (!issue.IsOpen)
        {
            return issue.Outcome is { } outcome ? $"{issue.Status.ToFrench()} — {outcome.ToFrench()}" : issue.Status.ToFrench();
        }
        if (!AwaitsResponse(issue))
        {
            return issue.Status.ToFrench();
        }
        var daysLeft = deadline.DayNumber - today.DayNumber;
        return daysLeft >= 0
            ? $"{issue.Status.ToFrench()} — réponse attendue {CardLabels.DaysLeft(daysLeft)}"
            : $"{issue.Status.ToFrench()} — réponse {CardLabels.DaysLeft(daysLeft)}";
    }

    /// <summary>Open with no targeted response on the current clock: the response deadline still runs. Not
    /// <see cref="Issue.FirstResponseAt"/>, which keeps the first clock's response after a reopening.</summary>
    private static bool AwaitsResponse(Issue issue) => issue.Status is IssueStatus.New or IssueStatus.Acknowledged;

    public static JsonObject PageData(int pageIndex) => new() { [Fields.Page] = pageIndex };

    private static Container Line(Issue issue, DateOnly deadline, int pageIndex, IDirectory directory, DateOnly today)
    {
        var overdue = AwaitsResponse(issue) && deadline < today;
        return new Container
        {
            Separator = true,
            Spacing = "Medium",
            Items =
            [
                new TextBlock($"{issue.Number} — {CategoryOf(issue, directory)}") { Weight = "Bolder" },
                CardText.Literal(CardLabels.PlaceOf(issue, directory), maxLength: 200, subtle: true),
                new TextBlock($"Envoyé le {FrenchDateFormat.Long(ParisTime.DateOf(issue.CreatedAt))} · {StatusLine(issue, deadline, today)}")
                {
                    Size = "Small",
                    Spacing = "None",
                    Color = overdue ? "Attention" : null,
                },
            ],
            SelectAction = CardExtensions.Execute($"Voir le signalement {issue.Number}", ActionIds.MyReports.Detail, new JsonObject
            {
                [Fields.Sector] = issue.SectorId,
                [Fields.Number] = issue.Number.ToString(),
                [Fields.Page] = pageIndex,
            }),
        };
    }

    private static string CategoryOf(Issue issue, IDirectory directory)
    {
        var category = directory.FindCategory(issue.CategoryId);
        var subCategory = category?.SubCategories.FirstOrDefault(s => s.Id == issue.SubCategoryId);
        return subCategory is null ? category?.Label ?? issue.CategoryId : $"{category!.Label} — {subCategory.Label}";
    }

    private static ExecuteAction BackToList(int pageIndex) => CardExtensions.Execute("Retour à mes signalements", ActionIds.MyReports.List, PageData(pageIndex));

    private static AdaptiveCard Notice(string title, string text, CardAction? action = null) => new()
    {
        FallbackText = title,
        Body =
        [
            new TextBlock(title) { Size = "Medium", Weight = "Bolder" },
            new TextBlock(text),
        ],
        Actions = action is null ? null : [action],
    };

    private static Container Title(string title, string subtitle) => new()
    {
        Items =
        [
            new TextBlock(title) { Size = "Large", Weight = "Bolder" },
            new TextBlock(subtitle) { IsSubtle = true, Spacing = "None" },
        ],
    };

    private static TextBlock Caption(string text) => new(text) { Weight = "Bolder", Spacing = "Medium" };
}

/// <summary>French labels of the timeline events a partner may see; null for internal events not worth showing.</summary>
public static class TimelineLabels
{
    public static string? Label(IssueEventKind kind) => kind switch
    {
        IssueEventKind.Created => "Signalement envoyé",
        IssueEventKind.Acknowledged => "Pris en compte par le policier référent",
        IssueEventKind.ResponseEngaged => "Réponse ciblée engagée",
        IssueEventKind.FollowUpStarted => "Suivi de la situation",
        IssueEventKind.Closed => "Signalement clos",
        IssueEventKind.Reopened => "Signalement rouvert",
        IssueEventKind.Paused => "Suivi mis en pause",
        IssueEventKind.Resumed => "Suivi repris",
        IssueEventKind.NoteAdded => "Message du policier référent",
        IssueEventKind.PartnerFeedback => "Votre retour",
        _ => null,
    };
}

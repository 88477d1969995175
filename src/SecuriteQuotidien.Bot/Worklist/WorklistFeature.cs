using System.Text.Json;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Storage;
using SecuriteQuotidien.Storage.Issues;

namespace SecuriteQuotidien.Bot.Worklist;

/// <summary>
/// The police's working day: « mes dossiers » (the open issues of the sectors the reader serves, by urgency, by pages,
/// filtered by state and sector), « dossier &lt;numéro&gt; » (one issue's card) and « chercher &lt;mots&gt; ». The sectors
/// read are always the reader's own (the directory's roles), never ids from the card: a forged sector filter reads nothing more.
/// </summary>
/// <remarks>
/// Table requests: « mes dossiers » and each page or filter: one query per sector read (a referent or deputy: their
/// sector(s); the commissioner: every sector, or the one filtered), open rows only, without free texts. « chercher »:
/// one query per sector served (open rows and rows closed in the last <see cref="RecentDays"/> days, whole).
/// « dossier »: one point read per sector looked in (the police: the sectors they serve; a partner: every sector,
/// the number does not say which) plus the card's timeline.
/// </remarks>
public sealed partial class WorklistFeature(
    IDirectory directory,
    IIssueWorklist worklist,
    IIssueRepository issues,
    IIssueCards cards,
    ActionTable actions,
    IAuditTrail audit,
    TimeProvider time,
    ILogger<WorklistFeature> logger) : IActionHandler
{
    public const int RecentDays = 90;
    public const int MaxSearchResults = 15;

    public const string NotFound =
        "Aucun signalement de ce numéro parmi ceux que vous pouvez consulter (ceux des secteurs que vous servez, ou ceux que vous avez envoyés).";
    public const string NumberNeeded = "Indiquez le numéro du signalement, par exemple : « dossier 05-2026-0042 ».";
    public const string WordsNeeded = "Indiquez ce que vous cherchez : un lieu, un type ou des mots de la description, par exemple « chercher hall Carnot ».";
    public const string Unavailable = "Les signalements n'ont pas pu être lus pour le moment. Rien n'est perdu : réessayez dans un instant.";

    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return request.Id switch
            {
                ActionIds.Commands.Case => await CaseAsync(request, cancellationToken),
                ActionIds.Commands.Search => await SearchAsync(request.User, request.Argument, cancellationToken),
                ActionIds.Worklist.List => TurnAnswer.Card(await ListAsync(request.User, PageOf(request.Data), FilterOf(request.Data), cancellationToken)),
                _ => TurnAnswer.Card(await ListAsync(request.User, 0, WorklistFilter.None, cancellationToken)),
            };
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            LogReadFailed(logger, request.Id, ex.GetType().Name);
            return TurnAnswer.Text(Unavailable);
        }
    }

    /// <summary>The sectors whose issues the reader works on: the commissioner's department, else the referent's and deputy's sectors.</summary>
    private IReadOnlyList<Sector> SectorsOf(BotUser user)
    {
        if (user.Roles.IsCommissioner)
        {
            return directory.Sectors;
        }
        var served = user.Roles.PoliceSectorIds.ToHashSet(StringComparer.Ordinal);
        return [.. directory.Sectors.Where(s => served.Contains(s.Id))];
    }

    private async Task<AdaptiveCard> ListAsync(BotUser user, int pageIndex, WorklistFilter filter, CancellationToken cancellationToken)
    {
        var sectors = SectorsOf(user);
        // The filter keeps only a sector the reader serves; any other value reads all of theirs.
        var sector = sectors.FirstOrDefault(s => s.Id == filter.SectorId);
        filter = filter with { SectorId = sector?.Id };
        var read = sector is null ? sectors : [sector];
        var now = time.GetUtcNow();
        var lists = await Task.WhenAll(read.Select(s => worklist.ListOpenAsync(s.Id, cancellationToken)));
        var items = lists.SelectMany(l => l).Where(s => s.Issue.IsOpen).Select(s => ItemOf(s.Issue, s.LastEvent, now));
        var matching = WorklistCards.ByUrgency(items.Where(filter.Admits)).ToList();
        LogListed(logger, read.Count, matching.Count);
        return WorklistCards.List(matching, pageIndex, filter, sectors, directory, ParisTime.DateOf(now));
    }

    /// <summary>
    /// « dossier 05-2026-0042 »: the issue's card, with the rights of the card itself (its refresh verb's audience, matched
    /// against the stored issue as the kernel does): the police view for the police of its sector and the commissioner, the
    /// reporter's view for the partner who sent it; the same answer for an unknown issue and for one the reader may not see.
    /// </summary>
    private async Task<TurnAnswer> CaseAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        var number = request.Argument.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => IssueNumber.TryParse(word.Trim('«', '»', '"', '.', ',', ';'), out var parsed) ? parsed : (IssueNumber?)null)
            .FirstOrDefault(n => n is not null);
        if (number is not { } wanted)
        {
            return TurnAnswer.Text(NumberNeeded);
        }
        var user = request.User;
        // Police look in the sectors they serve; a partner's report may be in any sector (a transfer moves it).
        var sectors = user.Roles.IsCommissioner || user.Roles.PoliceSectorIds.Any() ? SectorsOf(user) : directory.Sectors;
        var found = (await Task.WhenAll(sectors.Select(s => issues.GetAsync(s.Id, wanted, cancellationToken)))).FirstOrDefault(s => s is not null);
        var card = actions.FindVerb(ActionIds.Issue.Refresh)!;
        var matched = found is null ? Audience.None : AudienceRule.Match(user, ActionTargetReader.IssueFacts(found.Issue, directory), conversationId: null);
        if (found is null || !AudienceRule.Admits(card.Audience, matched))
        {
            LogCaseRefused(logger, found is null);
            return TurnAnswer.Text(NotFound);
        }
        var issue = found.Issue;
        await audit.RecordIssueReadAsync(user.AadObjectId, issue, request.Id, time.GetUtcNow(), cancellationToken);
        var view = AudienceRule.SeesPoliceView(matched) ? IssueView.Police : IssueView.Reporter;
        return TurnAnswer.Card(await cards.BuildAsync(issue, cancellationToken, view: view));
    }

    /// <summary>« chercher hall Carnot »: every word must appear in the issue's number, place, category or description.</summary>
    private async Task<TurnAnswer> SearchAsync(BotUser user, string argument, CancellationToken cancellationToken)
    {
        var words = CommandTable.Normalize(argument).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 2).Distinct().ToList();
        if (words.Count == 0)
        {
            return TurnAnswer.Text(WordsNeeded);
        }
        var now = time.GetUtcNow();
        var sectors = SectorsOf(user);
        var lists = await Task.WhenAll(sectors.Select(s => worklist.ListOpenOrClosedSinceAsync(s.Id, now.AddDays(-RecentDays), cancellationToken)));
        var found = lists.SelectMany(l => l).Where(i => Matches(i, words)).ToList();
        var open = WorklistCards.ByUrgency(found.Where(i => i.IsOpen).Select(i => ItemOf(i, null, now)));
        var closed = found.Where(i => !i.IsOpen).OrderByDescending(i => i.ClosedAt).Select(i => new WorkItem(i, null, null));
        var shown = open.Concat(closed).Take(MaxSearchResults).ToList();
        LogSearched(logger, sectors.Count, words.Count, found.Count);
        return TurnAnswer.Card(WorklistCards.SearchResults(argument, shown, found.Count, RecentDays, directory, ParisTime.DateOf(now)));
    }

    private bool Matches(Issue issue, IReadOnlyList<string> words)
    {
        var category = directory.FindCategory(issue.CategoryId);
        var subCategory = category?.SubCategories.FirstOrDefault(s => s.Id == issue.SubCategoryId);
        var text = CommandTable.Normalize(string.Join(' ', issue.Number.ToString(), CardLabels.PlaceOf(issue, directory),
            category?.Label, subCategory?.Label, issue.Description, issue.Effect));
        return words.All(w => text.Contains(w, StringComparison.Ordinal));
    }

    /// <summary>The line of an open issue: days left on the current clock while no targeted response is engaged.</summary>
    private WorkItem ItemOf(Issue issue, IssueEvent? lastEvent, DateTimeOffset now)
    {
        var delay = directory.FindCategory(issue.CategoryId)?.ResponseDelayDays ?? Issue.DefaultResponseDelayDays;
        var snapshot = IssueSnapshot.FromIssue(issue, delay, now);
        int? daysLeft = issue.Status is IssueStatus.New or IssueStatus.Acknowledged
            ? snapshot.Deadline.DayNumber - ParisTime.DateOf(now).DayNumber
            : null;
        return new WorkItem(issue, daysLeft, lastEvent);
    }

    private static int PageOf(JsonObject data) => FormValues.PageIndex(data, WorklistCards.Fields.Page, 1000);

    private static WorklistFilter FilterOf(JsonObject data)
    {
        var status = FormValues.Text(data, WorklistCards.Fields.Status);
        var known = WorklistFilter.StatusChoices.Any(c => c.Value == status) ? status! : WorklistFilter.All;
        var sector = FormValues.Text(data, WorklistCards.Fields.Sector);
        return new WorklistFilter(known, sector is null or WorklistFilter.All ? null : sector);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worklist read from {SectorCount} sectors: {IssueCount} issues listed")]
    private static partial void LogListed(ILogger logger, int sectorCount, int issueCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search in {SectorCount} sectors for {WordCount} words: {FoundCount} issues")]
    private static partial void LogSearched(ILogger logger, int sectorCount, int wordCount, int foundCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issue by number refused (unknown issue: {Unknown})")]
    private static partial void LogCaseRefused(ILogger logger, bool unknown);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the worklist failed for {ActionId} ({ErrorType})")]
    private static partial void LogReadFailed(ILogger logger, string actionId, string errorType);
}

public static class WorklistExtensions
{
    /// <summary>« mes dossiers », « dossier », « chercher ». Needs the issue card's ports (<c>AddIssueCard</c>).</summary>
    public static IServiceCollection AddWorklist(this IServiceCollection services)
    {
        const string work = "consulter les signalements de ses secteurs";
        return services.AddActions<WorklistFeature>(
            ActionDeclaration.Command<WorklistFeature>(ActionIds.Commands.MyCases, Audience.Police, work),
            ActionDeclaration.Verb<WorklistFeature>(ActionIds.Worklist.List, Audience.Police, TargetKind.None, work),
            ActionDeclaration.Command<WorklistFeature>(ActionIds.Commands.Search, Audience.Police, "chercher parmi les signalements de ses secteurs"),
            // The issue is checked by the handler against the card's own audience (police of its sector, its reporter).
            ActionDeclaration.Command<WorklistFeature>(ActionIds.Commands.Case, Audience.Police | Audience.Partner, "consulter un signalement par son numéro"));
    }
}

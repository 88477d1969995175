using System.Text.Json;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;
using SecuriteQuotidien.Storage;

namespace SecuriteQuotidien.Bot.MyReports;

/// <summary>
/// "mes signalements": a partner lists their own issues (newest first, by pages) and opens the
/// partner-visible timeline of one. Ownership is checked on the server for every detail request,
/// since the card's data (sector, number) can be forged.
/// </summary>
public sealed partial class MyReportsFeature(
    IDirectory directory,
    IIssueRepository issues,
    IIssueEventRepository events,
    TimeProvider time,
    ILogger<MyReportsFeature> logger) : IActionHandler
{
    // The reporter index is read newest first up to this many issues (the repository's own bound).
    private const int MaxPages = 20;



    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Action.Kind == ActionKind.Command)
        {
            await HandleCommandAsync(request.Turn, request.User, request.Argument, cancellationToken);
            return TurnAnswer.None;
        }
        return await HandleVerbAsync(request.Turn, request.User, request.Id, request.Data, cancellationToken);
    }

    private async Task HandleCommandAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken)
    {
        var card = await ListCardAsync(user, 0, cancellationToken);
        await turn.ReplyAsync(card.ToMessage(), cancellationToken);
    }

    private async Task<TurnAnswer> HandleVerbAsync(TurnContext turn, BotUser user, string verb, JsonObject data, CancellationToken cancellationToken)
    {
        var card = verb == ActionIds.MyReports.Detail
            ? await DetailCardAsync(user, data, cancellationToken)
            : await ListCardAsync(user, PageOf(data), cancellationToken);
        return TurnAnswer.Card(card);
    }

    private async Task<AdaptiveCard> ListCardAsync(BotUser user, int pageIndex, CancellationToken cancellationToken)
    {
        if (user.Roles.Partner is null || user.AadObjectId is null)
        {
            return MyReportsCards.NotAPartner();
        }
        try
        {
            // One more than the page needs tells whether a next page exists.
            var upTo = await issues.ListByReporterAsync(user.AadObjectId, (pageIndex + 1) * MyReportsCards.PageSize + 1, cancellationToken);
            var mine = upTo
                .Where(i => i.Reporter.ObjectId == user.AadObjectId)
                .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Number)
                .ToList();
            if (mine.Count == 0)
            {
                return MyReportsCards.Empty();
            }
            // Asked past the end (the list shrank, or a forged page): show the last page there is.
            var lastPage = (mine.Count - 1) / MyReportsCards.PageSize;
            pageIndex = Math.Min(pageIndex, lastPage);
            var page = mine.Skip(pageIndex * MyReportsCards.PageSize).Take(MyReportsCards.PageSize).ToList();
            var hasNext = mine.Count > (pageIndex + 1) * MyReportsCards.PageSize && pageIndex + 1 < MaxPages;
            // Only the issues still waiting for a response show a deadline: their timelines are read, at most a page.
            var deadlines = await Task.WhenAll(page.Where(i => i.Status is IssueStatus.New or IssueStatus.Acknowledged)
                .Select(async i => (i.Number, Deadline: CurrentDeadline(i, await events.ListAsync(i.Number, partnerVisibleOnly: false, cancellationToken)))));
            return MyReportsCards.List(new ReportPage(page, pageIndex, hasNext, deadlines.ToDictionary(d => d.Number, d => d.Deadline)),
                directory, Today());
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            LogReadFailed(logger, ex.GetType().Name);
            return MyReportsCards.Unavailable(MyReportsCards.PageData(pageIndex), ActionIds.MyReports.List);
        }
    }

    private async Task<AdaptiveCard> DetailCardAsync(BotUser user, JsonObject data, CancellationToken cancellationToken)
    {
        if (user.Roles.Partner is null || user.AadObjectId is null)
        {
            return MyReportsCards.NotAPartner();
        }
        var sectorId = FormValues.Text(data, MyReportsCards.Fields.Sector);
        // Only sectors of the directory reach the store: a forged id is never used as a table key.
        if (sectorId is null || directory.FindSector(sectorId) is null
            || !IssueNumber.TryParse(FormValues.Text(data, MyReportsCards.Fields.Number), out var number))
        {
            return MyReportsCards.NotYours();
        }
        try
        {
            var stored = await issues.GetAsync(sectorId, number, cancellationToken);
            if (stored is null || stored.Issue.Reporter.ObjectId != user.AadObjectId)
            {
                LogRefused(logger, stored is null);
                return MyReportsCards.NotYours();
            }
            // The whole timeline gives the current deadline (pauses are police-only events); only its partner-visible part is shown.
            var timeline = await events.ListAsync(number, partnerVisibleOnly: false, cancellationToken);
            var visible = timeline.Where(e => e.Visibility == EventVisibility.PartnerVisible && e.IssueNumber == number).ToList();
            return MyReportsCards.Detail(stored.Issue, visible, directory, Today(), PageOf(data), CurrentDeadline(stored.Issue, timeline));
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            LogReadFailed(logger, ex.GetType().Name);
            var retry = new JsonObject
            {
                [MyReportsCards.Fields.Sector] = sectorId,
                [MyReportsCards.Fields.Number] = number.ToString(),
                [MyReportsCards.Fields.Page] = PageOf(data),
            };
            return MyReportsCards.Unavailable(retry, ActionIds.MyReports.Detail);
        }
    }

    private DateOnly Today() => ParisTime.DateOf(time.GetUtcNow());

    private DateOnly CurrentDeadline(Issue issue, IReadOnlyList<IssueEvent> timeline)
    {
        var delay = directory.FindCategory(issue.CategoryId)?.ResponseDelayDays ?? Issue.DefaultResponseDelayDays;
        return ResponseDeadline.DeadlineOf(ResponseClocks.FromTimeline(issue, timeline, delay), time.GetUtcNow());
    }

    private static int PageOf(JsonObject data) => FormValues.PageIndex(data, MyReportsCards.Fields.Page, MaxPages - 1);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading a partner's issues failed ({ErrorType}); the partner was asked to retry")]
    private static partial void LogReadFailed(ILogger logger, string errorType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issue detail refused to a partner (unknown issue: {Unknown})")]
    private static partial void LogRefused(ILogger logger, bool unknown);
}

public static class MyReportsExtensions
{
    public static IServiceCollection AddMyReports(this IServiceCollection services)
    {
        services.AddScoped<MyReportsFeature>();
        // The partner's own reports: the handler reads them by the caller's object id, never by an id from the card.
        return services.AddActions<MyReportsFeature>(
            ActionDeclaration.Command<MyReportsFeature>(ActionIds.Commands.MyReports, Audience.Partner, "consulter ses signalements"),
            ActionDeclaration.Verb<MyReportsFeature>(ActionIds.MyReports.List, Audience.Partner, TargetKind.None, "consulter ses signalements"),
            ActionDeclaration.Verb<MyReportsFeature>(ActionIds.MyReports.Detail, Audience.Partner, TargetKind.None, "consulter ses signalements"));
    }
}

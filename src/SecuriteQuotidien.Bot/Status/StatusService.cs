using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Bot.Status;

/// <summary>
/// Answers a status request typed in French: parse, restrict to what the asker may see, read the running totals
/// (<see cref="StatusIssueSource.ReportAsync"/>), build the card. The answer is always a message: a card, the parser's suggestions or a refusal.
/// </summary>
public sealed partial class StatusService(
    IDirectory directory,
    StatusIssueSource source,
    TimeProvider time,
    IOptions<StatusOptions> options,
    ILogger<StatusService> logger)
{
    private readonly StatusQueryParser _parser = new(directory);

    public async Task<Activity> AnswerAsync(string text, PersonRoles roles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (!roles.IsKnown)
        {
            return Message(StatusScopePolicy.UnknownRefusal);
        }
        var now = time.GetUtcNow();
        var parsed = _parser.Parse(text, ParisTime.DateOf(now));
        if (parsed.Failure is { } failure)
        {
            LogNotUnderstood(logger, failure.Suggestions.Count);
            return Message($"{failure.Message} Essayez par exemple : {string.Join(", ", failure.Suggestions.Select(s => $"« {s} »"))}.");
        }
        var decision = StatusScopePolicy.Restrict(parsed.Query!, roles);
        if (decision.Query is not { } query)
        {
            return Message(decision.Refusal!);
        }

        var maxListed = options.Value.MaxListedIssues;
        var report = await source.ReportAsync(query, now, query.Kind == StatusQueryKind.Summary ? 0 : maxListed, cancellationToken);
        LogAnswered(logger, query.Kind, report.Totals.Issues);
        var card = query.Kind switch
        {
            StatusQueryKind.Overdue => StatusCards.Overdue(report, directory, decision.Note, maxListed),
            StatusQueryKind.DueSoon => StatusCards.DueSoon(report, directory, decision.Note, maxListed),
            _ => StatusCards.Summary(report, directory, decision.Note, StatusCharts.Of(report, directory), followUpPartial: false),
        };
        return card.ToMessage();
    }

    private static Activity Message(string text) => new() { Type = ActivityTypes.Message, Text = text };

    [LoggerMessage(Level = LogLevel.Information, Message = "Status request not understood; {SuggestionCount} suggestions given")]
    private static partial void LogNotUnderstood(ILogger logger, int suggestionCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Status request {Kind} answered over {IssueCount} issues")]
    private static partial void LogAnswered(ILogger logger, StatusQueryKind kind, int issueCount);
}

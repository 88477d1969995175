using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Hosting;

namespace SecuriteQuotidien.Bot.Meetings;

/// <summary>`ordre du jour` (add « partenaires » for the version shared with partners), police of the sector only.</summary>
public sealed class AgendaCommand(ISectorCommandScope scope, MeetingService meetings) : IActionHandler
{

    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await HandleCommandAsync(request.Turn, request.User, request.Argument, cancellationToken);
        return TurnAnswer.None;
    }

    private Task HandleCommandAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken) =>
        scope.ReplyForSectorAsync(turn, user, "ordre du jour", (sector, ct) =>
            meetings.AgendaCardAsync(sector.Id, CommandTable.Normalize(argument).Contains("partenaire", StringComparison.Ordinal), ct), cancellationToken);
}

/// <summary>`compte rendu`: the minutes form of the sector's GPO meeting, police of the sector only.</summary>
public sealed class MinutesCommand(ISectorCommandScope scope, MeetingService meetings) : IActionHandler
{

    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await HandleCommandAsync(request.Turn, request.User, request.Argument, cancellationToken);
        return TurnAnswer.None;
    }

    private Task HandleCommandAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken) =>
        scope.ReplyForSectorAsync(turn, user, "compte rendu", (sector, ct) =>
            meetings.MinutesFormAsync(sector, new Dictionary<string, string>(), new Dictionary<string, string>(), ct), cancellationToken);
}

using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Bot.Privacy;

/// <summary>
/// `audit export [période]` (administrators, 1:1 chat): the audit trail of the period ("ce mois", "le mois
/// dernier", "cette semaine", "du 01/05/2026 au 15/05/2026"...; this month by default) as a card with counts
/// per action and one CSV-like line per event, bounded by <see cref="PrivacyOptions.AuditExportMaxRows"/>.
/// The export is itself recorded.
/// </summary>
public sealed partial class AuditExportCommand(
    IAuditTrail audit,
    IDirectory directory,
    IOptions<PrivacyOptions> options,
    TimeProvider time,
    ILogger<AuditExportCommand> logger) : IActionHandler
{

    private readonly StatusQueryParser _periods = new(directory);


    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await HandleCommandAsync(request.Turn, request.User, request.Argument, cancellationToken);
        return TurnAnswer.None;
    }

    private async Task HandleCommandAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken)
    {
        if (AdminCommandGuard.Refusal(turn, user) is { } refusal)
        {
            await turn.ReplyAsync(AdminCommandGuard.Text(refusal), cancellationToken);
            return;
        }
        var now = time.GetUtcNow();
        var today = ParisTime.DateOf(now);
        StatusPeriod period;
        if (string.IsNullOrWhiteSpace(argument))
        {
            period = StatusPeriods.ThisMonth(today);
        }
        else
        {
            // The status parser knows every French period; "point" only makes it a summary query.
            var parsed = _periods.Parse("point " + argument, today);
            if (parsed.Query?.Period is not { } named)
            {
                await turn.ReplyAsync(AdminCommandGuard.Text(
                    "Je n'ai pas compris la période. Essayez par exemple : « audit export ce mois », « audit export le mois dernier », "
                    + "« audit export cette semaine » ou « audit export du 01/05/2026 au 15/05/2026 »."), cancellationToken);
                return;
            }
            period = named;
        }
        if (period.To.DayNumber - period.From.DayNumber >= Storage.Audit.TableAuditTrail.MaxDays)
        {
            await turn.ReplyAsync(AdminCommandGuard.Text("La période est limitée à un an : choisissez une période plus courte."), cancellationToken);
            return;
        }
        var page = await audit.ListAsync(period.From, period.To, options.Value.AuditExportMaxRows, cancellationToken);
        await audit.RecordAsync(user.AadObjectId!, AuditAction.AuditExport, now, $"{period.From:yyyy-MM-dd}/{period.To:yyyy-MM-dd}",
            $"{page.Events.Count + page.LeftOut} événements", cancellationToken);
        LogExported(logger, page.Events.Count, page.LeftOut);
        await turn.ReplyAsync(PrivacyCards.AuditTrail(period.Label, page, NameOf).ToMessage(), cancellationToken);
    }

    private string NameOf(string objectId) =>
        directory.FindStaff(objectId)?.DisplayName ?? directory.FindPartner(objectId)?.DisplayName ?? (objectId == AuditEvent.SystemActor ? "Bot" : "");

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit trail exported: {Shown} events shown, {LeftOut} left out")]
    private static partial void LogExported(ILogger logger, int shown, int leftOut);
}

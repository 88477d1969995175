using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;

namespace SecuriteQuotidien.Bot.Diagnostics;

/// <summary>
/// "Ignorer" on a hotspot suggestion in a sector channel (the police of the sector): the group of issues is marked
/// dismissed, so the suggestion comes back only with a new series. Its "Ouvrir un diagnostic" is the police's opening
/// form (<see cref="DiagnosticActionsFeature"/>).
/// </summary>
public sealed partial class HotspotSuggestionFeature(
    IHotspotMarkStore marks,
    TimeProvider time,
    ILogger<HotspotSuggestionFeature> logger) : IActionHandler
{

    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (turn, user, verb, data) = (request.Turn, request.User, request.Id, request.Data);
        ArgumentNullException.ThrowIfNull(user);
        // The kernel found the sector and admitted its police (declared in the registration).
        return request.Target.SectorOf() is { } sector && user.AadObjectId is not null
            ? await IgnoreAsync(sector, user, data, cancellationToken)
            : TurnAnswer.Text(ActionTargetReader.UnknownSector);
    }

    private async Task<TurnAnswer> IgnoreAsync(Sector sector, BotUser user, JsonObject data, CancellationToken cancellationToken)
    {
        var groupKey = FormValues.Text(data, DiagnosticFields.GroupKey);
        if (string.IsNullOrWhiteSpace(groupKey))
        {
            return TurnAnswer.Text("Cette suggestion n'existe plus.");
        }
        var numbers = DiagnosticActionsFeature.Numbers(FormValues.Text(data, DiagnosticFields.Issues));
        await marks.SaveAsync(new HotspotMark(sector.Id, groupKey, HotspotMarkKind.Dismissed, [.. numbers], user.AadObjectId!, time.GetUtcNow()), cancellationToken);
        LogIgnored(logger, sector.Id);
        return TurnAnswer.Card(DiagnosticCards.HotspotIgnored(user.DisplayName ?? "un policier du secteur"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hotspot suggestion ignored in sector {SectorId}")]
    private static partial void LogIgnored(ILogger logger, string sectorId);
}

using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Routing;
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
    IDirectory directory,
    IHotspotMarkStore marks,
    TimeProvider time,
    ILogger<HotspotSuggestionFeature> logger) : ICardActionHandler
{
    public IReadOnlyCollection<string> Verbs { get; } = [ActionIds.Hotspot.Ignore];

    public async Task<InvokeResponseBody> HandleAsync(TurnContext turn, BotUser user, string verb, JsonObject data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var (sector, refusal) = PoliceSector.Check(directory, user, data);
        if (refusal is not null)
        {
            if (sector is not null)
            {
                LogRefused(logger, verb, sector.Id);
            }
            return InvokeResponses.Message(refusal);
        }
        return await IgnoreAsync(sector!, user, data, cancellationToken);
    }

    private async Task<InvokeResponseBody> IgnoreAsync(Sector sector, BotUser user, JsonObject data, CancellationToken cancellationToken)
    {
        var groupKey = FormValues.Text(data, DiagnosticFields.GroupKey);
        if (string.IsNullOrWhiteSpace(groupKey))
        {
            return InvokeResponses.Message("Cette suggestion n'existe plus.");
        }
        var numbers = DiagnosticActionsFeature.Numbers(FormValues.Text(data, DiagnosticFields.Issues));
        await marks.SaveAsync(new HotspotMark(sector.Id, groupKey, HotspotMarkKind.Dismissed, [.. numbers], user.AadObjectId!, time.GetUtcNow()), cancellationToken);
        LogIgnored(logger, sector.Id);
        return InvokeResponses.AdaptiveCard(DiagnosticCards.HotspotIgnored(user.DisplayName ?? "un policier du secteur").ToJsonElement());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Diagnostic action {Verb} refused in sector {SectorId}: not a police officer of the sector")]
    private static partial void LogRefused(ILogger logger, string verb, string sectorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hotspot suggestion ignored in sector {SectorId}")]
    private static partial void LogIgnored(ILogger logger, string sectorId);
}

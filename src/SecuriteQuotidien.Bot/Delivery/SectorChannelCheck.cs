using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Domain.Departments;

namespace SecuriteQuotidien.Bot.Delivery;

/// <summary>
/// Once at start: one warning naming the sectors whose channel the bot has no stored conversation reference
/// for (it has not been installed in the team, or has not yet received anything from that channel). Posts
/// to such a channel go through the team's reference or <see cref="DeliveryOptions.DefaultServiceUrl"/>, and
/// fail if the channel does not exist; the dispatcher then warns once more and alerts the administrators
/// once per channel (<see cref="AdministratorAlerts.ReportUnreachableChannelAsync"/>). Ids only in the log.
/// </summary>
public sealed partial class SectorChannelCheck(
    IDirectory directory,
    IConversationReferenceStore references,
    IOptions<DeliveryOptions> options,
    ILogger<SectorChannelCheck> logger) : BackgroundService
{
    /// <summary>The sectors whose channel has no stored reference, after logging them.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken cancellationToken)
    {
        var unknown = new List<string>();
        foreach (var sector in directory.Sectors)
        {
            if (await references.FindChannelAsync(directory.TenantId, sector.ChannelId, cancellationToken) is null)
            {
                unknown.Add(sector.Id);
            }
        }
        if (unknown.Count > 0)
        {
            LogUnknownChannels(logger, unknown.Count, directory.Sectors.Count, string.Join(", ", unknown));
        }
        return unknown;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.CheckChannelsAtStart)
        {
            return;
        }
        try
        {
            await CheckAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Storage unavailable at start: the outbox reports what cannot be sent later.
            LogCheckFailed(logger, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{UnknownCount} of {SectorCount} sector channels have no stored conversation reference yet: {SectorIds}. Posts to them rely on the team's installation and fail if a channel does not exist")]
    private static partial void LogUnknownChannels(ILogger logger, int unknownCount, int sectorCount, string sectorIds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sector channel check at start could not read the stored references ({ErrorType})")]
    private static partial void LogCheckFailed(ILogger logger, string errorType);
}

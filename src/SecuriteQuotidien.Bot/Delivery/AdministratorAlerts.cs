using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Departments;

namespace SecuriteQuotidien.Bot.Delivery;

/// <summary>
/// Tells the department's administrators, in their personal chat and through the outbox itself, that
/// a message could not be delivered. An alert carries no failure alert of its own, so an alert that
/// cannot be delivered is recorded failed and never reported again (no recursion).
/// </summary>
public sealed class AdministratorAlerts(IProactiveSender sender, IDirectory directory)
{
    /// <summary>Enqueues the alert once per administrator (keys derived from the failed message's key).</summary>
    public async Task ReportAsync(string failedKey, string text, CancellationToken cancellationToken)
    {
        foreach (var administrator in directory.AdministratorObjectIds)
        {
            var activity = new Activity { Type = ActivityTypes.Message, Text = text };
            await sender.SendToUserAsync(OutboxKeys.Alert(failedKey, administrator), new UserAddress(directory.TenantId, administrator),
                activity, options: null, cancellationToken);
        }
    }

    /// <summary>
    /// Once per channel (the alert's key names the channel): the connector says a sector's channel does not
    /// exist or the bot is not in its team, so what is posted there is lost until an administrator acts.
    /// </summary>
    public Task ReportUnreachableChannelAsync(string teamsChannelId, CancellationToken cancellationToken)
    {
        var sector = directory.Sectors.FirstOrDefault(s => string.Equals(s.ChannelId, teamsChannelId, StringComparison.OrdinalIgnoreCase));
        var which = sector is null ? "Un canal Teams" : $"Le canal du secteur {sector.Name}";
        return ReportAsync($"channel-unreachable:{teamsChannelId}",
            $"{which} est introuvable pour le bot : il n'existe pas, ou le bot n'a pas été ajouté à son équipe. "
            + "Les messages destinés à ce canal (signalements, relances, bilans) ne sont pas publiés. Ajoutez le bot à l'équipe, "
            + "ou corrigez l'identifiant du canal (channelId) dans le fichier du département (commande « ids » dans le canal).",
            cancellationToken);
    }
}

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
}

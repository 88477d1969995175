using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.IssueCard;

/// <summary>
/// Posts a new issue's root card as a new thread in its sector's channel, through the durable outbox
/// (key "root:{number}"), and stores the thread on the issue once posted.
/// </summary>
public sealed class SectorChannelRouter(IDirectory directory, IProactiveSender sender, TimeProvider time) : INewIssueRouter
{
    public async Task RouteAsync(Issue issue, CancellationToken cancellationToken)
    {
        var sector = directory.FindSector(issue.SectorId)
            ?? throw new InvalidOperationException($"Sector {issue.SectorId} is not in the directory.");
        // The channel's members, partners included, read it: the shared view (the police get theirs by refresh).
        var card = IssueRootCard.Build(issue, directory, ParisTime.DateOf(time.GetUtcNow()), new RootCardDetails
        {
            DetailsWithheld = directory.FindCategory(issue.CategoryId)?.Restricted == true,
        });
        var message = card.ToMessage(summary: $"Nouveau signalement {issue.Number}");
        await sender.StartThreadAsync(OutboxKeys.Root(issue.Number), ChannelAddress.Of(directory, sector), message, new ProactiveSendOptions
        {
            OnSent = AttachThreadPurpose.For(issue.SectorId, issue.Number),
            FailureAlert = $"Le signalement {issue.Number} n'a pas pu être publié dans le canal du secteur {sector.Name} : "
                + "le bot a peut-être été retiré de l'équipe. Réinstallez-le dans l'équipe, puis prévenez le référent.",
        }, cancellationToken);
    }
}

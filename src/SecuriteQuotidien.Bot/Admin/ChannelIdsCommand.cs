using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.Bot.Admin;

/// <summary>
/// `ids` (an administrator @mentions the bot in a channel): prints the tenant, team and channel ids
/// to copy into the department file when binding a sector to its channel.
/// </summary>
public sealed class ChannelIdsCommand : IActionHandler
{

    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await HandleCommandAsync(request.Turn, request.User, request.Argument, cancellationToken);
        return TurnAnswer.None;
    }

    private Task HandleCommandAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken)
    {
        if (!user.Roles.IsAdministrator)
        {
            return turn.ReplyAsync(new Activity
            {
                Type = ActivityTypes.Message,
                Text = "Cette commande est réservée aux administrateurs du dispositif. Si vous installez le bot, faites d'abord inscrire votre identifiant dans « administratorObjectIds » du fichier du département.",
            }, cancellationToken);
        }
        var activity = turn.Activity;
        var conversationId = activity.Conversation?.Id ?? "";
        var card = new AdaptiveCard
        {
            FallbackText = "Identifiants de ce canal",
            Body =
            [
                new TextBlock("Identifiants de cette conversation") { Size = "Medium", Weight = "Bolder" },
                new TextBlock("À recopier dans le fichier du département (secteur : « teamId » et « channelId »).") { IsSubtle = true },
                new FactSet
                {
                    Facts =
                    [
                        new Fact("tenantId", CardText.Clean(activity.GetTenantId() ?? "inconnu")),
                        new Fact("teamId", CardText.Clean(activity.GetTeamId() ?? "(pas une équipe)")),
                        new Fact("channelId", CardText.Clean(activity.GetTeamsChannelId() ?? conversationId.Split(';')[0])),
                        new Fact("conversation", CardText.Clean(conversationId)),
                    ],
                },
            ],
        };
        return turn.ReplyAsync(card.ToMessage(), cancellationToken);
    }
}

public static class AdminExtensions
{
    public static IServiceCollection AddAdmin(this IServiceCollection services) =>
        services.AddActions<ChannelIdsCommand>(
            ActionDeclaration.Command<ChannelIdsCommand>(ActionIds.Commands.ChannelIds, Audience.Administrator, "afficher les identifiants de ce canal")
                with { AnswerInPlace = true });
}

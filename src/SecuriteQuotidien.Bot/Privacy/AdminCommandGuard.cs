using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;

using SecuriteQuotidien.Bot.Turns;

namespace SecuriteQuotidien.Bot.Privacy;

/// <summary>The personal-data commands are for administrators, in their 1:1 chat with the bot only.</summary>
public static class AdminCommandGuard
{
    public const string AdministratorsOnly =
        "Cette commande est réservée aux administrateurs du dispositif : elle donne accès à des données personnelles.";
    public const string PersonalChatOnly =
        "Cette commande donne accès à des données personnelles : utilisez-la dans votre conversation personnelle avec le bot, pas dans un canal.";

    /// <summary>The refusal to send, or null when the user may run the command here.</summary>
    public static string? Refusal(TurnContext turn, BotUser user)
    {
        if (!user.Roles.IsAdministrator || user.AadObjectId is null)
        {
            return AdministratorsOnly;
        }
        return TurnKernel.ScopeOf(turn.Activity) == "team" ? PersonalChatOnly : null;
    }

    public static Activity Text(string text) => new() { Type = ActivityTypes.Message, Text = text };
}

using System.Text.Json;
using System.Text.Json.Nodes;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Connector;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.BotFramework.State;

namespace SecuriteQuotidien.Bot.Turns;

/// <summary>
/// Every turn goes through here: who is calling (the directory's roles), which declared action the activity
/// asks for, the stored object it is about, whether the caller is in that action's audience (default deny),
/// then the handler, whose answer is rendered as the invoke response, the update of the clicked card or replies.
/// </summary>
public sealed partial class TurnKernel(
    ActionTable actions,
    ActionTargetReader targets,
    RefusalWriter refusals,
    IServiceProvider services,
    IUserResolver users,
    PlayedPeople played,
    IConversationReferenceStore references,
    RecentConversations recent,
    IConnectorClient connector,
    TimeProvider time,
    ILogger<TurnKernel> logger) : IBotHandler
{
    public const string CardActionInvokeName = "adaptiveCard/action";
    public const string UnknownButton = "Ce bouton ne correspond plus à aucune action. Écrivez « aide » pour voir ce que je sais faire.";
    public const string BadCardAction = "Action de carte invalide.";

    public async Task OnActivityAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        // The local demo's role switch (never outside the local anonymous mode), before anything reads the author.
        played.Apply(activity);
        await RememberConversationAsync(activity, cancellationToken);
        switch (activity.Type)
        {
            case ActivityTypes.ConversationUpdate when activity.IsBotAdded():
                await ReplyAsync(turn, await RunAsync(turn, actions.FindEvent(KernelEvents.Installed), [], "", cancellationToken), cancellationToken);
                break;
            case ActivityTypes.Message when activity.Value is { ValueKind: JsonValueKind.Object } value:
                await OnSubmitAsync(turn, value, cancellationToken);
                break;
            case ActivityTypes.Message:
                await OnTextAsync(turn, cancellationToken);
                break;
            default:
                LogIgnored(logger, activity.Type);
                break;
        }
    }

    public async Task<InvokeResponseBody> OnInvokeAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (activity.Name != CardActionInvokeName)
        {
            return InvokeResponses.Error(501, "NotImplemented", "Cette action n'est pas prise en charge.");
        }
        played.Apply(activity);
        await RememberConversationAsync(activity, cancellationToken);
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("action", out var action)
            || action.ValueKind != JsonValueKind.Object
            || !action.TryGetProperty("verb", out var verbElement)
            || verbElement.ValueKind != JsonValueKind.String)
        {
            return InvokeResponses.Error(400, "BadRequest", BadCardAction);
        }
        var data = action.TryGetProperty("data", out var dataElement) && dataElement.ValueKind == JsonValueKind.Object
            ? JsonNode.Parse(dataElement.GetRawText())!.AsObject()
            : [];
        var answer = await RunVerbAsync(turn, verbElement.GetString()!, data, cancellationToken);
        return await InvokeResponseOfAsync(turn, answer, cancellationToken);
    }

    public string? RefusedTenantMessage(Activity activity) => RefusalWriter.OtherTenant;

    private Task<TurnAnswer> RunVerbAsync(TurnContext turn, string verb, JsonObject data, CancellationToken cancellationToken)
    {
        var declaration = actions.FindVerb(verb);
        if (declaration is null)
        {
            LogUnknownVerb(logger);
            return Task.FromResult(TurnAnswer.Text(UnknownButton));
        }
        return RunAsync(turn, declaration, data, "", cancellationToken);
    }

    /// <summary>Target, audience, handler: the one path every declared action takes.</summary>
    private async Task<TurnAnswer> RunAsync(TurnContext turn, ActionDeclaration? declaration, JsonObject data, string argument,
        CancellationToken cancellationToken)
    {
        if (declaration is null)
        {
            return TurnAnswer.None;
        }
        var user = users.Resolve(turn.Activity);
        var (target, facts, missing) = await targets.ReadAsync(declaration.Target, data, turn.Activity, cancellationToken);
        var matched = AudienceRule.Match(user, facts, turn.Activity.Conversation?.Id);
        if (!AudienceRule.Admits(declaration.Audience, matched))
        {
            LogRefused(logger, declaration.Kind, declaration.Id);
            return TurnAnswer.Refusal(refusals.Refusal(declaration, user, facts));
        }
        if (target is null)
        {
            return TurnAnswer.Text(missing!);
        }
        if (declaration.Kind == ActionKind.Command && AnswersInPrivate(declaration, matched, turn.Activity, argument))
        {
            return await RunInPersonalChatAsync(turn, declaration, user, argument, target, matched, cancellationToken);
        }
        var handler = (IActionHandler)services.GetRequiredService(declaration.HandlerType);
        return await handler.HandleAsync(new ActionRequest(turn, user, declaration, data, argument, target, matched), cancellationToken);
    }

    /// <summary>
    /// A command typed in a channel or a group chat: other people read the answers there (a GPO channel counts
    /// partners) while the answer is built for the caller (the police's view, or a partner's own reports, restricted
    /// ones included), so it goes to the caller's personal chat with the bot. Only the commands declared to answer
    /// in place (help, a channel's ids, the partner version of the agenda) stay where they were typed.
    /// </summary>
    private static bool AnswersInPrivate(ActionDeclaration declaration, Audience matched, Activity activity, string argument) =>
        IsShared(activity) && !declaration.AnswerInPlace && declaration.AnswerInPlaceWhen?.Invoke(argument) != true
        && matched != Audience.Anyone;

    private async Task<TurnAnswer> RunInPersonalChatAsync(TurnContext turn, ActionDeclaration declaration, BotUser user, string argument,
        ActionTarget target, Audience matched, CancellationToken cancellationToken)
    {
        if (await PersonalChatOfCallerAsync(turn, cancellationToken) is not { } personal)
        {
            return TurnAnswer.Text(PrivateAnswerNeedsPersonalChat);
        }
        var privateTurn = turn.WithRepliesTo(personal);
        var handler = (IActionHandler)services.GetRequiredService(declaration.HandlerType);
        var answer = await handler.HandleAsync(new ActionRequest(privateTurn, user, declaration, [], argument, target, matched), cancellationToken);
        await ReplyAsync(privateTurn, answer, cancellationToken);
        return TurnAnswer.Text(AnsweredInPrivate);
    }

    public const string AnsweredInPrivate = "Je vous ai répondu dans votre conversation personnelle avec le bot : ma réponse vous est destinée.";

    public const string PrivateAnswerNeedsPersonalChat =
        "Ma réponse contient des informations réservées : je ne peux pas l'afficher ici, où des partenaires la liraient. "
        + "Ouvrez une conversation avec le bot (cherchez « Sécurité du Quotidien » dans Teams et écrivez-lui « aide »), puis tapez de nouveau votre commande.";

    private async Task OnTextAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var match = actions.Commands.Match(turn.Text);
        var declaration = match is null ? actions.FindEvent(KernelEvents.NotUnderstood) : actions.FindCommand(match.Value.Command.Id);
        var answer = await RunAsync(turn, declaration, [], match?.Argument ?? turn.Text, cancellationToken);
        await ReplyAsync(turn, answer, cancellationToken);
    }

    /// <summary>
    /// Action.Submit fallback (clients limited to schema 1.2): the same action as the Action.Execute it stands for.
    /// Unlike an invoke answer, which Teams shows to the caller alone, whatever the fallback posts or updates is seen
    /// by every member of the conversation: so the answer card replaces the clicked card only in a personal chat
    /// (where the caller is the only reader and the connector only knows that chat's messages); from a channel or a
    /// group chat, a card built for the caller goes to the caller's personal chat with the bot.
    /// </summary>
    private async Task OnSubmitAsync(TurnContext turn, JsonElement value, CancellationToken cancellationToken)
    {
        var data = JsonNode.Parse(value.GetRawText())!.AsObject();
        var verb = TargetFields.Text(data, SubmitFallback.VerbField);
        if (verb is null)
        {
            await ReplyAsync(turn, TurnAnswer.Text("Je n'ai pas reconnu ce bouton. Écrivez « aide » pour voir ce que je sais faire."), cancellationToken);
            return;
        }
        data.Remove(SubmitFallback.VerbField);
        var answer = await RunVerbAsync(turn, verb, data, cancellationToken);
        if (answer is CardAnswer card)
        {
            if (IsShared(turn.Activity))
            {
                await SendToCallerAsync(turn, card.Content, cancellationToken);
                return;
            }
            if (await TryUpdateClickedCardAsync(turn, card.Content, cancellationToken))
            {
                return;
            }
        }
        await ReplyAsync(turn, answer, cancellationToken);
    }

    /// <summary>True in a channel or a group chat: other people read what the bot posts there.</summary>
    public static bool IsShared(Activity activity) => activity.Conversation?.ConversationType is "channel" or "groupChat";

    private async Task SendToCallerAsync(TurnContext turn, AdaptiveCard card, CancellationToken cancellationToken)
    {
        if (await PersonalChatOfCallerAsync(turn, cancellationToken) is not { } personal)
        {
            await ReplyAsync(turn, TurnAnswer.Text(OpenPersonalChat), cancellationToken);
            return;
        }
        try
        {
            await connector.SendToConversationAsync(personal.ServiceUrl, personal.ConversationId, card.ToMessage(), cancellationToken);
        }
        catch (ConnectorException ex)
        {
            LogUpdateFailed(logger, (int?)ex.StatusCode ?? 0);
            await ReplyAsync(turn, TurnAnswer.Text(OpenPersonalChat), cancellationToken);
        }
    }

    /// <summary>The caller's personal chat with the bot, kept when they last wrote there; null if they never did.</summary>
    private async Task<ConversationReference?> PersonalChatOfCallerAsync(TurnContext turn, CancellationToken cancellationToken) =>
        turn.Activity.GetTenantId() is { } tenant && turn.Activity.From?.AadObjectId is { } objectId
            ? await references.FindUserAsync(tenant, objectId, cancellationToken)
            : null;

    public const string OpenPersonalChat =
        "Cette carte vous est personnelle : je ne peux pas l'afficher ici, où d'autres personnes la liraient. "
        + "Ouvrez une conversation avec le bot (écrivez-lui « aide ») puis cliquez de nouveau sur le bouton, ou mettez Teams à jour.";

    private async Task<bool> TryUpdateClickedCardAsync(TurnContext turn, AdaptiveCard card, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (string.IsNullOrEmpty(activity.ReplyToId) || activity.ServiceUrl is null || activity.Conversation?.Id is not { } conversationId)
        {
            return false;
        }
        var update = card.ToMessage();
        update.Id = activity.ReplyToId;
        try
        {
            await connector.UpdateActivityAsync(activity.ServiceUrl, conversationId, activity.ReplyToId, update, cancellationToken);
            return true;
        }
        catch (ConnectorException ex)
        {
            LogUpdateFailed(logger, (int?)ex.StatusCode ?? 0);
            return false;
        }
    }

    private static async Task<InvokeResponseBody> InvokeResponseOfAsync(TurnContext turn, TurnAnswer answer, CancellationToken cancellationToken)
    {
        switch (answer)
        {
            case CardAnswer card:
                return InvokeResponses.AdaptiveCard(card.Content.ToJsonElement());
            case TextAnswer text:
                return InvokeResponses.Message(text.Message);
            case RefusalAnswer refusal:
                return InvokeResponses.Message(refusal.Message);
            case MessagesAnswer messages:
                foreach (var message in messages.Replies)
                {
                    await turn.ReplyAsync(message, cancellationToken);
                }
                return new InvokeResponseBody { StatusCode = 200 };
            default:
                return new InvokeResponseBody { StatusCode = 200 };
        }
    }

    private static async Task ReplyAsync(TurnContext turn, TurnAnswer answer, CancellationToken cancellationToken)
    {
        IEnumerable<Activity> replies = answer switch
        {
            CardAnswer card => [card.Content.ToMessage()],
            TextAnswer text => [TextMessage(text.Message)],
            RefusalAnswer refusal => [TextMessage(refusal.Message)],
            MessagesAnswer messages => messages.Replies,
            _ => [],
        };
        foreach (var reply in replies)
        {
            await turn.ReplyAsync(reply, cancellationToken);
        }
    }

    private static Activity TextMessage(string text) => new() { Type = ActivityTypes.Message, Text = text };

    /// <summary>Stores or refreshes the conversation reference (the service URL can change).</summary>
    private async Task RememberConversationAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.GetTenantId() is null || activity.Conversation?.Id is null || activity.ServiceUrl is null)
        {
            return;
        }
        var reference = activity.ToConversationReference(time);
        if (recent.NeedsSaving(reference))
        {
            await references.SaveAsync(reference, cancellationToken);
            recent.Saved(reference);
        }
    }

    /// <summary>"team" for channels, "personal" for 1:1 chats (group chats use the personal command set).</summary>
    public static string ScopeOf(Activity activity) =>
        activity.Conversation?.ConversationType == "channel" ? TeamScope : PersonalScope;

    public const string TeamScope = "team";
    public const string PersonalScope = "personal";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Activity of type {ActivityType} ignored")]
    private static partial void LogIgnored(ILogger logger, string? activityType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card action with an unknown verb")]
    private static partial void LogUnknownVerb(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {ActionId} refused: the caller is not in its audience")]
    private static partial void LogRefused(ILogger logger, ActionKind kind, string actionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Updating the clicked card failed with {StatusCode}; sending the new card as a reply")]
    private static partial void LogUpdateFailed(ILogger logger, int statusCode);
}

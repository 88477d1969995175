using System.Text.Json;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Help;
using SecuriteQuotidien.Bot.Welcome;
using SecuriteQuotidien.BotFramework.Connector;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.BotFramework.State;

namespace SecuriteQuotidien.Bot.Routing;

/// <summary>
/// Dispatches authenticated activities to the features: installs to the welcome, typed text to the
/// command table, card buttons (invoke or Action.Submit fallback) to the handler of their verb.
/// </summary>
public sealed partial class TeamsBotHandler(
    CommandTable commands,
    IEnumerable<ICommandHandler> commandHandlers,
    IEnumerable<ICardActionHandler> actionHandlers,
    IUserResolver users,
    IConversationReferenceStore references,
    RecentConversations recent,
    IConnectorClient connector,
    TimeProvider time,
    ILogger<TeamsBotHandler> logger) : IBotHandler
{
    public const string CardActionInvokeName = "adaptiveCard/action";

    public async Task OnActivityAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        await RememberConversationAsync(activity, cancellationToken);
        switch (activity.Type)
        {
            case ActivityTypes.ConversationUpdate when activity.IsBotAdded():
                await GreetAsync(turn, cancellationToken);
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
        await RememberConversationAsync(activity, cancellationToken);
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("action", out var action)
            || action.ValueKind != JsonValueKind.Object
            || !action.TryGetProperty("verb", out var verbElement)
            || verbElement.ValueKind != JsonValueKind.String)
        {
            return InvokeResponses.Error(400, "BadRequest", "Action de carte invalide.");
        }
        var data = action.TryGetProperty("data", out var dataElement) && dataElement.ValueKind == JsonValueKind.Object
            ? JsonNode.Parse(dataElement.GetRawText())!.AsObject()
            : [];
        return await DispatchActionAsync(turn, verbElement.GetString()!, data, cancellationToken);
    }

    public string? RefusedTenantMessage(Activity activity) =>
        "Ce service est réservé aux forces de l'ordre et à leurs partenaires des départements qui l'ont mis en place. "
        + "Votre organisation n'y est pas rattachée : rapprochez-vous du référent police de votre secteur pour rejoindre le Groupe de partenariat opérationnel (GPO).";

    private async Task<InvokeResponseBody> DispatchActionAsync(TurnContext turn, string verb, JsonObject data, CancellationToken cancellationToken)
    {
        var handler = actionHandlers.FirstOrDefault(h => h.Verbs.Contains(verb, StringComparer.Ordinal));
        if (handler is null)
        {
            LogUnknownVerb(logger);
            return InvokeResponses.Message("Ce bouton ne correspond plus à aucune action. Écrivez « aide » pour voir ce que je sais faire.");
        }
        return await handler.HandleAsync(turn, users.Resolve(turn.Activity), verb, data, cancellationToken);
    }

    /// <summary>
    /// Action.Submit fallback (clients limited to schema 1.2): the same handler runs; its card replaces
    /// the clicked card through an update, its message is sent as a reply.
    /// </summary>
    private async Task OnSubmitAsync(TurnContext turn, JsonElement value, CancellationToken cancellationToken)
    {
        var data = JsonNode.Parse(value.GetRawText())!.AsObject();
        var verb = data[SubmitFallback.VerbField]?.GetValueKind() == JsonValueKind.String ? data[SubmitFallback.VerbField]!.GetValue<string>() : null;
        if (verb is null)
        {
            await turn.ReplyAsync(new Activity { Type = ActivityTypes.Message, Text = "Je n'ai pas reconnu ce bouton. Écrivez « aide » pour voir ce que je sais faire." }, cancellationToken);
            return;
        }
        data.Remove(SubmitFallback.VerbField);
        var response = await DispatchActionAsync(turn, verb, data, cancellationToken);
        await DeliverSubmitResponseAsync(turn, response, cancellationToken);
    }

    private async Task DeliverSubmitResponseAsync(TurnContext turn, InvokeResponseBody response, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (response.Type == InvokeResponseTypes.AdaptiveCard && response.Value is { } cardJson)
        {
            var update = new Activity
            {
                Type = ActivityTypes.Message,
                Id = activity.ReplyToId,
                Attachments = [new Attachment { ContentType = AdaptiveCard.ContentType, Content = cardJson }],
            };
            if (!string.IsNullOrEmpty(activity.ReplyToId) && activity.ServiceUrl is not null && activity.Conversation?.Id is not null)
            {
                try
                {
                    await connector.UpdateActivityAsync(activity.ServiceUrl, activity.Conversation.Id, activity.ReplyToId, update, cancellationToken);
                    return;
                }
                catch (ConnectorException ex)
                {
                    LogUpdateFailed(logger, (int?)ex.StatusCode ?? 0);
                }
            }
            update.Id = null;
            await turn.ReplyAsync(update, cancellationToken);
        }
        else if (response.Value is { ValueKind: JsonValueKind.String } text)
        {
            await turn.ReplyAsync(new Activity { Type = ActivityTypes.Message, Text = text.GetString() }, cancellationToken);
        }
        else if (response.Value is { ValueKind: JsonValueKind.Object } error && error.TryGetProperty("message", out var message))
        {
            await turn.ReplyAsync(new Activity { Type = ActivityTypes.Message, Text = message.GetString() }, cancellationToken);
        }
    }

    private async Task OnTextAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var match = commands.Match(turn.Text);
        var handler = match is null ? null : commandHandlers.FirstOrDefault(h => h.CommandId == match.Value.Command.Id);
        if (match is null || handler is null)
        {
            await turn.ReplyAsync(NotUnderstood(turn), cancellationToken);
            return;
        }
        await handler.HandleAsync(turn, users.Resolve(turn.Activity), match.Value.Argument, cancellationToken);
    }

    private Activity NotUnderstood(TurnContext turn)
    {
        var scope = ScopeOf(turn.Activity);
        var titles = commands.Commands.Where(c => c.Scopes.Contains(scope)).Select(c => $"« {c.Title} »");
        return new Activity
        {
            Type = ActivityTypes.Message,
            Text = string.IsNullOrWhiteSpace(turn.Text)
                ? "Bonjour ! Écrivez « aide » pour voir ce que je sais faire."
                : $"Je n'ai pas compris votre demande. Essayez : {string.Join(", ", titles)}.",
        };
    }

    private async Task GreetAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var card = ScopeOf(activity) == "team"
            ? WelcomeCard.Team()
            : WelcomeCard.Personal(users.Resolve(activity).DisplayName ?? activity.From?.Name);
        await turn.ReplyAsync(card.ToMessage(), cancellationToken);
    }

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
        activity.Conversation?.ConversationType == "channel" ? "team" : "personal";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Activity of type {ActivityType} ignored")]
    private static partial void LogIgnored(ILogger logger, string? activityType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card action with an unknown verb")]
    private static partial void LogUnknownVerb(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Updating the clicked card failed with {StatusCode}; sending the new card as a reply")]
    private static partial void LogUpdateFailed(ILogger logger, int statusCode);
}

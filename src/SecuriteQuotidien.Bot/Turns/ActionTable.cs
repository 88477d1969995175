using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.BotFramework.Hosting;

namespace SecuriteQuotidien.Bot.Turns;

/// <summary>A typed command (an entry of commands.json) or a card button (an Action.Execute verb).</summary>
public enum ActionKind
{
    Command,
    Verb,

    /// <summary>Something that happens to the bot rather than a request: see <see cref="KernelEvents"/>.</summary>
    Event,
}

/// <summary>The events the kernel dispatches like actions (declared once, with an audience, by the feature that answers them).</summary>
public static class KernelEvents
{
    /// <summary>The bot was added to a personal chat, a group chat or a team: the welcome.</summary>
    public const string Installed = "installation";

    /// <summary>Text that matches no command: the first answer to any text.</summary>
    public const string NotUnderstood = "texte-libre";
}

/// <summary>What an action is about: the kernel reads it from the store (or the directory) before the handler runs.</summary>
public enum TargetKind
{
    /// <summary>About no stored object (a list, a form, the help).</summary>
    None,

    /// <summary>An issue, by the sector and number the card carries.</summary>
    Issue,

    /// <summary>A shared diagnostic, by the sector and number the card carries.</summary>
    Diagnostic,

    /// <summary>One action of a diagnostic's plan (its owner organisation is its audience).</summary>
    DiagnosticAction,

    /// <summary>A sector: the one the card carries, or the one bound to the channel the command is typed in.</summary>
    Sector,
}

/// <summary>
/// One line of the action table: the action, who may use it, what it is about and who handles it. Every
/// command and every verb is declared exactly once; anything not declared is refused.
/// </summary>
/// <param name="Description">What the action does, in French, for refusals (« agir sur ce signalement »).</param>
public sealed record ActionDeclaration(string Id, ActionKind Kind, Audience Audience, TargetKind Target, Type HandlerType, string Description)
{
    /// <summary>
    /// A command for police or administrators whose answer carries nothing reserved (the ids of a channel): it is
    /// answered where it is typed. Any other such command typed in a channel is answered in the caller's personal chat.
    /// </summary>
    public bool AnswerInPlace { get; init; }

    public static ActionDeclaration Command<THandler>(string commandId, Audience audience, string description, TargetKind target = TargetKind.None)
        where THandler : IActionHandler =>
        new(commandId, ActionKind.Command, audience, target, typeof(THandler), description);

    public static ActionDeclaration Verb<THandler>(string verb, Audience audience, TargetKind target, string description)
        where THandler : IActionHandler =>
        new(verb, ActionKind.Verb, audience, target, typeof(THandler), description);

    public static ActionDeclaration Event<THandler>(string eventId, string description)
        where THandler : IActionHandler =>
        new(eventId, ActionKind.Event, Audience.Anyone, TargetKind.None, typeof(THandler), description);
}

/// <summary>The one table of the bot's actions, assembled from every feature's declarations at start.</summary>
public sealed class ActionTable
{
    private readonly Dictionary<string, ActionDeclaration> _verbs;
    private readonly Dictionary<string, ActionDeclaration> _commands;
    private readonly Dictionary<string, ActionDeclaration> _events;

    public ActionTable(IEnumerable<ActionDeclaration> declarations, CommandTable commands)
    {
        ArgumentNullException.ThrowIfNull(declarations);
        ArgumentNullException.ThrowIfNull(commands);
        var all = declarations.ToList();
        var twice = all.GroupBy(d => (d.Kind, d.Id)).Where(g => g.Count() > 1).Select(g => $"{g.Key.Kind} '{g.Key.Id}'").ToList();
        if (twice.Count > 0)
        {
            throw new InvalidOperationException($"Declared more than once in the action table: {string.Join(", ", twice)}.");
        }
        _verbs = all.Where(d => d.Kind == ActionKind.Verb).ToDictionary(d => d.Id, StringComparer.Ordinal);
        _commands = all.Where(d => d.Kind == ActionKind.Command).ToDictionary(d => d.Id, StringComparer.Ordinal);
        _events = all.Where(d => d.Kind == ActionKind.Event).ToDictionary(d => d.Id, StringComparer.Ordinal);
        // commands.json is the Teams manifest's source: every command it lists has its declaration, and no more.
        var listed = commands.Commands.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var undeclared = listed.Where(id => !_commands.ContainsKey(id)).ToList();
        var unlisted = _commands.Keys.Where(id => !listed.Contains(id)).ToList();
        if (undeclared.Count > 0 || unlisted.Count > 0)
        {
            throw new InvalidOperationException(
                $"commands.json and the action table disagree: without declaration [{string.Join(", ", undeclared)}], not in commands.json [{string.Join(", ", unlisted)}].");
        }
        Commands = commands;
    }

    public CommandTable Commands { get; }

    public IEnumerable<ActionDeclaration> Declarations => _verbs.Values.Concat(_commands.Values).Concat(_events.Values);

    public ActionDeclaration? FindVerb(string verb) => _verbs.GetValueOrDefault(verb);

    public ActionDeclaration? FindCommand(string commandId) => _commands.GetValueOrDefault(commandId);

    public ActionDeclaration? FindEvent(string eventId) => _events.GetValueOrDefault(eventId);
}

/// <summary>What a handler receives: the turn, the caller, the action, the card data or typed argument, and the stored target.</summary>
public sealed record ActionRequest(
    TurnContext Turn,
    BotUser User,
    ActionDeclaration Action,
    JsonObject Data,
    string Argument,
    ActionTarget Target,
    Audience Matched)
{
    /// <summary>True when the caller sees the target's police view (police of its sector, or the commissioner).</summary>
    public bool SeesPoliceView => AudienceRule.SeesPoliceView(Matched);

    /// <summary>The action comes from a channel or a group chat: a reply there is read by every member, partners included.</summary>
    public bool FromSharedConversation => TurnKernel.IsShared(Turn.Activity);

    /// <summary>The verb or command id.</summary>
    public string Id => Action.Id;

    /// <summary>The caller's object id: the kernel runs a handler only for a known caller unless the action is for anyone.</summary>
    public string ActorId => User.AadObjectId ?? throw new InvalidOperationException("The action requires a caller with an object id.");
}

/// <summary>Handles the actions it is declared for; returns what the caller sees.</summary>
public interface IActionHandler
{
    Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken);
}

public static class ActionTableServiceCollectionExtensions
{
    /// <summary>Declares actions of a feature and registers their handler (scoped: one per turn).</summary>
    public static IServiceCollection AddActions<THandler>(this IServiceCollection services, params ActionDeclaration[] declarations)
        where THandler : class, IActionHandler
    {
        services.TryAddScoped<THandler>();
        foreach (var declaration in declarations)
        {
            if (declaration.HandlerType != typeof(THandler))
            {
                throw new InvalidOperationException($"{declaration.Id} is declared for {declaration.HandlerType.Name}, not {typeof(THandler).Name}.");
            }
            services.AddSingleton(declaration);
        }
        return services;
    }
}

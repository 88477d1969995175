using System.Text.Json.Nodes;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Turns;

/// <summary>The object an action is about, as stored (read by id by the kernel, never taken from the card).</summary>
public abstract record ActionTarget
{
    public static ActionTarget Nothing { get; } = new NoTarget();
}

public sealed record NoTarget : ActionTarget;

public sealed record IssueTarget(StoredIssue Stored, Sector Sector) : ActionTarget
{
    public Issue Issue => Stored.Issue;
}

public sealed record DiagnosticTarget(StoredDiagnostic Stored, Sector Sector) : ActionTarget
{
    public Diagnostic Diagnostic => Stored.Diagnostic;
}

public sealed record DiagnosticActionTarget(StoredDiagnostic Stored, Sector Sector, DiagnosticAction Action) : ActionTarget
{
    public Diagnostic Diagnostic => Stored.Diagnostic;
}

public sealed record SectorTarget(Sector Sector) : ActionTarget;

public static class ActionTargetExtensions
{
    /// <summary>The sector of the object the kernel read and checked (null for an action about no object).</summary>
    public static Sector? SectorOf(this ActionTarget target) => target switch
    {
        SectorTarget t => t.Sector,
        IssueTarget t => t.Sector,
        DiagnosticTarget t => t.Sector,
        DiagnosticActionTarget t => t.Sector,
        _ => null,
    };
}

/// <summary>The ids a card carries for its object: the protocol between the cards and the kernel.</summary>
public static class TargetFields
{
    public const string Sector = "secteur";
    public const string IssueNumber = "numero";
    public const string DiagnosticNumber = "diagnostic";
    public const string DiagnosticAction = "actionId";

    /// <summary>A text field of card data, or null: a forged non-text value counts as missing.</summary>
    public static string? Text(JsonObject data, string field) =>
        data[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

/// <summary>Reads an action's target from the store and states the facts the audience rule needs.</summary>
public sealed class ActionTargetReader(IDirectory directory, IIssueRepository issues, IDiagnosticRepository diagnostics)
{
    public const string UnknownIssue = Ports.IssueAnswers.Moved;
    public const string UnknownDiagnostic = "Ce diagnostic n'existe pas (ou plus) : rien n'a été modifié.";
    public const string UnknownAction = "Cette action du plan n'existe pas (ou plus) : rien n'a été modifié.";
    public const string UnknownSector = "Ce bouton ne correspond à aucun secteur du département.";
    public const string NoSectorHere = "Cette commande se tape dans le canal d'un secteur (ou indiquez le secteur).";

    /// <summary>The target and its facts, or the French reason it cannot be found.</summary>
    public async Task<(ActionTarget? Target, TargetFacts Facts, string? Missing)> ReadAsync(TargetKind kind, JsonObject data, Activity activity,
        CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case TargetKind.None:
                return (ActionTarget.Nothing, TargetFacts.Nothing, null);
            case TargetKind.Sector:
                var sector = SectorOf(data, activity);
                return sector is null
                    ? (null, TargetFacts.Nothing, TargetFields.Text(data, TargetFields.Sector) is null ? NoSectorHere : UnknownSector)
                    : (new SectorTarget(sector), new TargetFacts(SectorId: sector.Id), null);
            case TargetKind.Issue:
                return await ReadIssueAsync(data, cancellationToken);
            default:
                return await ReadDiagnosticAsync(kind, data, cancellationToken);
        }
    }

    private async Task<(ActionTarget?, TargetFacts, string?)> ReadIssueAsync(JsonObject data, CancellationToken cancellationToken)
    {
        if (KnownSector(data) is not { } sector || !Domain.Issues.IssueNumber.TryParse(TargetFields.Text(data, TargetFields.IssueNumber), out var number))
        {
            return (null, TargetFacts.Nothing, UnknownIssue);
        }
        var stored = await issues.GetAsync(sector.Id, number, cancellationToken);
        if (stored is null)
        {
            return (null, TargetFacts.Nothing, UnknownIssue);
        }
        return (new IssueTarget(stored, sector), IssueFacts(stored.Issue, directory), null);
    }

    /// <summary>What the audience rule knows of an issue: its sector, its reporter, its thread, whether its category is restricted.</summary>
    public static TargetFacts IssueFacts(Issue issue, IDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(directory);
        return new TargetFacts(
            SectorId: issue.SectorId,
            OwnerObjectIds: [issue.Reporter.ObjectId],
            PostedConversationId: issue.Thread?.ConversationId,
            Restricted: directory.FindCategory(issue.CategoryId)?.Restricted == true);
    }

    private async Task<(ActionTarget?, TargetFacts, string?)> ReadDiagnosticAsync(TargetKind kind, JsonObject data, CancellationToken cancellationToken)
    {
        if (KnownSector(data) is not { } sector
            || !Domain.Diagnostics.DiagnosticNumber.TryParse(TargetFields.Text(data, TargetFields.DiagnosticNumber), out var number))
        {
            return (null, TargetFacts.Nothing, UnknownDiagnostic);
        }
        var stored = await diagnostics.GetAsync(sector.Id, number, cancellationToken);
        if (stored is null)
        {
            return (null, TargetFacts.Nothing, UnknownDiagnostic);
        }
        if (kind == TargetKind.Diagnostic)
        {
            return (new DiagnosticTarget(stored, sector), new TargetFacts(SectorId: sector.Id), null);
        }
        var action = stored.Diagnostic.FindAction(TargetFields.Text(data, TargetFields.DiagnosticAction) ?? "");
        return action is null
            ? (null, TargetFacts.Nothing, UnknownAction)
            : (new DiagnosticActionTarget(stored, sector, action), new TargetFacts(SectorId: sector.Id, OwnerOrganisationId: action.Owner), null);
    }

    private Sector? KnownSector(JsonObject data) =>
        TargetFields.Text(data, TargetFields.Sector) is { } id ? directory.FindSector(id) : null;

    /// <summary>The sector a card names, else the one bound to the channel the activity comes from.</summary>
    private Sector? SectorOf(JsonObject data, Activity activity)
    {
        if (TargetFields.Text(data, TargetFields.Sector) is { } id)
        {
            return directory.FindSector(id);
        }
        var channel = activity.GetTeamsChannelId() ?? ChannelOfConversation(activity.Conversation?.Id);
        return channel is null ? null : directory.Sectors.FirstOrDefault(s => string.Equals(s.ChannelId, channel, StringComparison.Ordinal));
    }

    /// <summary>"19:…@thread.tacv2;messageid=…" → "19:…@thread.tacv2" (a thread of a channel).</summary>
    private static string? ChannelOfConversation(string? conversationId) =>
        conversationId is { } id && id.StartsWith("19:", StringComparison.Ordinal) ? id.Split(';')[0] : null;
}

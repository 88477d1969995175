using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;

namespace SecuriteQuotidien.Bot.Privacy;

/// <summary>
/// `données personne &lt;objectId|nom&gt;` (administrators, 1:1 chat), the access request: everything stored about one
/// partner person — directory entry, issues reported (with their texts, and the originals of masked passages),
/// the events where they act (answers, follow-ups), their conversation reference — as a summary card and the full
/// JSON in the chat (bounded). Recorded in the audit trail.
/// </summary>
public sealed partial class PersonDataCommand(
    IDirectory directory,
    IIssueRepository issues,
    IIssueEventRepository events,
    IPoliceOnlyTextStore policeTexts,
    IConversationReferenceStore references,
    IAuditTrail audit,
    IOptions<PrivacyOptions> options,
    TimeProvider time,
    ILogger<PersonDataCommand> logger) : IActionHandler
{
    public const int MaxIssues = 200;


    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await HandleCommandAsync(request.Turn, request.User, request.Argument, cancellationToken);
        return TurnAnswer.None;
    }

    private async Task HandleCommandAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken)
    {
        if (AdminCommandGuard.Refusal(turn, user) is { } refusal)
        {
            await turn.ReplyAsync(AdminCommandGuard.Text(refusal), cancellationToken);
            return;
        }
        var lookup = PersonLookup.Find(directory, argument);
        if (lookup.ObjectId is not { } objectId)
        {
            await turn.ReplyAsync(AdminCommandGuard.Text(lookup.Message!), cancellationToken);
            return;
        }
        var report = await CollectAsync(objectId, cancellationToken);
        await audit.RecordAsync(user.AadObjectId!, AuditAction.AccessRequest, time.GetUtcNow(), objectId,
            $"{report.Issues.Count} signalements", cancellationToken);
        LogProduced(logger, report.Issues.Count);

        await turn.ReplyAsync(Summary(report).ToMessage(), cancellationToken);
        var json = JsonSerializer.Serialize(report, PersonDataJsonContext.Readable.PersonDataReport);
        var max = options.Value.AccessRequestMaxJsonChars;
        var shown = CardText.Clean(json, max);
        var note = json.Length > max
            ? $"Données complètes au format JSON, tronquées à {max} caractères sur {json.Length} : demandez l'export au développeur ou traitez les signalements un par un."
            : "Données complètes au format JSON :";
        await turn.ReplyAsync(AdminCommandGuard.Text($"{note}\n\n```\n{shown}\n```"), cancellationToken);
    }

    /// <summary>Everything stored about the person.</summary>
    public async Task<PersonDataReport> CollectAsync(string objectId, CancellationToken cancellationToken)
    {
        var partner = directory.FindPartner(objectId);
        var reported = await issues.ListByReporterAsync(objectId, MaxIssues, cancellationToken);
        var issueData = new List<PersonIssueData>();
        foreach (var issue in reported)
        {
            var timeline = await events.ListAsync(issue.Number, partnerVisibleOnly: false, cancellationToken);
            var layer = await policeTexts.GetAsync(issue.Number, cancellationToken);
            issueData.Add(new PersonIssueData(issue.Number.ToString(), issue.SectorId, issue.CategoryId, issue.Status.ToString(), issue.CreatedAt,
                issue.ClosedAt, issue.Description, issue.Effect, issue.Site.FreeAddress, issue.Site.Detail, layer?.OriginalDescription,
                layer?.OriginalEffect, layer?.MaskedPassages,
                [.. timeline.Where(e => IssueAnonymisation.SamePerson(e.ActorObjectId, objectId))
                    .Select(e => new PersonEventData(e.Kind.ToString(), e.OccurredAt, e.Visibility.ToString(), e.Payload))]));
        }
        var reference = await references.FindUserAsync(directory.TenantId, objectId, cancellationToken);
        return new PersonDataReport(
            objectId,
            partner is null ? null : new PersonDirectoryEntry(partner.DisplayName, partner.Organisation.Name, partner.SectorIds),
            issueData,
            reference is null ? null : new PersonConversationData(reference.ConversationId, reference.UserId, reference.ServiceUrl, reference.LastSeen));
    }

    private static AdaptiveCard Summary(PersonDataReport report)
    {
        var answers = report.Issues.Sum(i => i.Events.Count(e => e.Kind is nameof(IssueEventKind.PartnerFeedback) or nameof(IssueEventKind.ClarificationAnswered)));
        return new AdaptiveCard
        {
            FallbackText = "Données d'une personne",
            Body =
            [
                new TextBlock("Demande d'accès : données enregistrées") { Size = "Medium", Weight = "Bolder" },
                new FactSet
                {
                    Facts =
                    [
                        new Fact("Identifiant", CardText.Clean(report.ObjectId)),
                        new Fact("Annuaire", report.Directory is { } d ? CardText.Clean($"{d.DisplayName} — {d.Organisation}") : "absente du fichier du département"),
                        new Fact("Signalements", report.Issues.Count.ToString(CultureInfo.InvariantCulture)),
                        new Fact("Passages masqués conservés", report.Issues.Sum(i => i.MaskedPassages?.Count ?? 0).ToString(CultureInfo.InvariantCulture)),
                        new Fact("Actions dans les historiques", report.Issues.Sum(i => i.Events.Count).ToString(CultureInfo.InvariantCulture)),
                        new Fact("Réponses (précisions, suivi)", answers.ToString(CultureInfo.InvariantCulture)),
                        new Fact("Conversation avec le bot", report.Conversation is { } c ? $"oui, dernier contact le {c.LastSeen:dd/MM/yyyy}" : "aucune"),
                    ],
                },
                new TextBlock("Le détail complet suit au format JSON. Les messages déjà reçus dans Teams sont conservés par Microsoft 365 selon les règles du locataire.") { IsSubtle = true },
            ],
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Access request answered: {IssueCount} issues")]
    private static partial void LogProduced(ILogger logger, int issueCount);
}

public sealed record PersonDataReport(string ObjectId, PersonDirectoryEntry? Directory, IReadOnlyList<PersonIssueData> Issues,
    PersonConversationData? Conversation);

public sealed record PersonDirectoryEntry(string DisplayName, string Organisation, IReadOnlyList<string> SectorIds);

public sealed record PersonIssueData(string Number, string SectorId, string CategoryId, string Status, DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt, string Description, string? Effect, string? FreeAddress, string? SiteDetail, string? OriginalDescription,
    string? OriginalEffect, IReadOnlyList<string>? MaskedPassages, IReadOnlyList<PersonEventData> Events);

public sealed record PersonEventData(string Kind, DateTimeOffset OccurredAt, string Visibility, string? Payload);

public sealed record PersonConversationData(string ConversationId, string? UserId, string ServiceUrl, DateTimeOffset LastSeen);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(PersonDataReport))]
public sealed partial class PersonDataJsonContext : JsonSerializerContext
{
    /// <summary>Indented, with French characters as they are.</summary>
    public static PersonDataJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

/// <summary>Finds the person an administrator names: an object id, or a partner's name in the directory.</summary>
public static class PersonLookup
{
    public sealed record Result(string? ObjectId, string? Message);

    public const string Usage = "Indiquez l'identifiant Entra (object id) de la personne ou son nom, par exemple : « données personne Camille Roux ».";

    public static Result Find(IDirectory directory, string argument)
    {
        var text = argument.Trim();
        if (text.Length == 0)
        {
            return new Result(null, Usage);
        }
        if (Guid.TryParse(text, out var id))
        {
            return new Result(id.ToString("D"), null);
        }
        var wanted = CommandTable.Normalize(text);
        var matches = directory.Partners.Where(p => CommandTable.Normalize(p.DisplayName).Contains(wanted, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            0 => new Result(null, $"Aucun partenaire de l'annuaire ne porte ce nom. {Usage} Pour une personne retirée de l'annuaire, donnez son identifiant."),
            1 => new Result(matches[0].ObjectId, null),
            _ => new Result(null, "Plusieurs partenaires correspondent : précisez l'identifiant. "
                + string.Join(" ; ", matches.Take(10).Select(p => $"{CardText.Clean(p.DisplayName)} ({p.Organisation.Name}) : {p.ObjectId}"))),
        };
    }
}

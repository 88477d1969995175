using System.Security.Cryptography;
using System.Text;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Privacy;

/// <summary>
/// Anonymises a closed issue and its timeline: who reported or acted becomes a stable keyed pseudonym, free
/// text becomes <see cref="AnonymisedText"/>; what statistics need (number, sector, category, known site,
/// organisation, dates, status, outcome, timeline kinds and instants) is kept unchanged.
/// </summary>
/// <remarks>
/// Pseudonyms are HMAC-SHA256 of the normalised object id under <see cref="RetentionOptions.PseudonymKey"/>:
/// without the key they cannot be reversed or recomputed from a list of object ids.
/// </remarks>
public sealed class IssueAnonymiser
{
    public const string AnonymisedText = "[anonymisé]";
    public const string PseudonymPrefix = "anon-";

    private readonly byte[] _key;

    public IssueAnonymiser(RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.PseudonymKey is null)
        {
            throw new InvalidOperationException(
                $"{RetentionOptions.SectionName}:{nameof(RetentionOptions.PseudonymKey)} is required to anonymise issues.");
        }
        _key = Encoding.UTF8.GetBytes(options.PseudonymKey);
    }

    /// <summary>True once <see cref="Anonymise(Issue)"/> has been applied to the issue.</summary>
    public static bool IsAnonymised(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return IsPseudonym(issue.Reporter.ObjectId) && issue.Description == AnonymisedText;
    }

    public static bool IsPseudonym(string id) => id.StartsWith(PseudonymPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The stable pseudonym of an Entra object id: "anon-" and 32 hex digits. The same id (in any letter case)
    /// always gives the same pseudonym; a pseudonym is returned unchanged, so anonymising twice changes nothing.
    /// </summary>
    public string Pseudonym(string objectId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(objectId);
        if (IsPseudonym(objectId))
        {
            return objectId;
        }
        var normalised = Guid.TryParse(objectId, out var guid) ? guid.ToString("D") : objectId.Trim().ToLowerInvariant();
        var hash = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(normalised));
        return PseudonymPrefix + Convert.ToHexStringLower(hash, 0, 16);
    }

    /// <summary>
    /// The closed issue with: reporter object id → pseudonym; description, effect, free address and site
    /// detail → "[anonymisé]" (absent ones stay absent). Everything else is unchanged.
    /// </summary>
    /// <exception cref="InvalidOperationException">The issue is open: only closed issues are anonymised.</exception>
    public Issue Anonymise(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        if (issue.IsOpen)
        {
            throw new InvalidOperationException("Only a closed issue can be anonymised.");
        }
        return issue with
        {
            Reporter = issue.Reporter with { ObjectId = Pseudonym(issue.Reporter.ObjectId) },
            Description = AnonymisedText,
            Effect = Redact(issue.Effect),
            Site = issue.Site with { FreeAddress = Redact(issue.Site.FreeAddress), Detail = Redact(issue.Site.Detail) },
        };
    }

    /// <summary>
    /// A timeline event with: a person's object id (a GUID) → pseudonym, system actors such as "bot" kept;
    /// its free text → "[anonymisé]". Kind, instant, visibility and id are kept (the append stays idempotent).
    /// </summary>
    public IssueEvent Anonymise(IssueEvent issueEvent)
    {
        ArgumentNullException.ThrowIfNull(issueEvent);
        var actor = Guid.TryParse(issueEvent.ActorObjectId, out _) ? Pseudonym(issueEvent.ActorObjectId) : issueEvent.ActorObjectId;
        return issueEvent with { ActorObjectId = actor, Payload = Redact(issueEvent.Payload) };
    }

    private static string? Redact(string? text) => text is null ? null : AnonymisedText;
}

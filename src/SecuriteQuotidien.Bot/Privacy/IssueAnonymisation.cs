using Microsoft.Extensions.Options;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;
using SecuriteQuotidien.Storage.Privacy;

namespace SecuriteQuotidien.Bot.Privacy;

/// <summary>
/// Applies <see cref="IssueAnonymiser"/> to stored issues: a closed issue is anonymised whole (reporter, free
/// texts, its timeline, its "mes signalements" row and its police-only layer); on an open issue only one person's
/// identity is replaced, so the police can keep working on it. Each step is idempotent and the issue row is written
/// last, so an interrupted run is completed by the next one.
/// </summary>
public sealed class IssueAnonymisation(
    IIssueRepository issues,
    IIssueEventRepository events,
    IPoliceOnlyTextStore policeTexts,
    PersonalDataRows rows,
    IOptions<RetentionOptions> options)
{
    private const int MaxAttempts = 5;
    private readonly IssueAnonymiser? _anonymiser = options.Value.PseudonymKey is null ? null : new IssueAnonymiser(options.Value);

    /// <summary>False when <c>Retention:PseudonymKey</c> is not configured: nothing can be anonymised.</summary>
    public bool IsConfigured => _anonymiser is not null;

    private IssueAnonymiser Anonymiser => _anonymiser
        ?? throw new InvalidOperationException($"{RetentionOptions.SectionName}:{nameof(RetentionOptions.PseudonymKey)} is not configured.");

    /// <summary>The pseudonym of a person (for the answer of an erasure request).</summary>
    public string Pseudonym(string objectId) => Anonymiser.Pseudonym(objectId);

    /// <summary>Anonymises the closed issue. False when it is missing, open, or already anonymised.</summary>
    public async Task<bool> AnonymiseClosedAsync(string sectorId, IssueNumber number, CancellationToken cancellationToken)
    {
        var anonymiser = Anonymiser;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var stored = await issues.GetAsync(sectorId, number, cancellationToken);
            if (stored is null || stored.Issue.IsOpen || IssueAnonymiser.IsAnonymised(stored.Issue))
            {
                return false;
            }
            var issue = stored.Issue;
            var timeline = await events.ListAsync(number, partnerVisibleOnly: false, cancellationToken);
            await rows.RewriteEventsAsync(timeline, anonymiser.Anonymise, cancellationToken);
            await rows.DeleteReporterPointerAsync(issue.Reporter.ObjectId, number, cancellationToken);
            await policeTexts.DeleteAsync(number, cancellationToken);
            try
            {
                await issues.UpdateAsync(anonymiser.Anonymise(issue), stored.ETag, cancellationToken);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                // Changed meanwhile (e.g. reopened): re-read and decide again.
            }
        }
        throw new ConcurrencyConflictException($"Issue {number} kept changing during its anonymisation.");
    }

    /// <summary>
    /// Replaces <paramref name="objectId"/> by its pseudonym on the issue (as reporter) and in its timeline (as actor),
    /// and removes the issue from the person's "mes signalements". Texts are kept: the issue stays workable.
    /// </summary>
    public async Task RedactPersonAsync(string sectorId, IssueNumber number, string objectId, CancellationToken cancellationToken)
    {
        var anonymiser = Anonymiser;
        var pseudonym = anonymiser.Pseudonym(objectId);
        var timeline = await events.ListAsync(number, partnerVisibleOnly: false, cancellationToken);
        await rows.RewriteEventsAsync(timeline, e => SamePerson(e.ActorObjectId, objectId) ? e with { ActorObjectId = pseudonym } : e, cancellationToken);
        await rows.DeleteReporterPointerAsync(objectId, number, cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var stored = await issues.GetAsync(sectorId, number, cancellationToken);
            if (stored is null || !SamePerson(stored.Issue.Reporter.ObjectId, objectId))
            {
                return;
            }
            try
            {
                var issue = stored.Issue;
                await issues.UpdateAsync(issue with { Reporter = issue.Reporter with { ObjectId = pseudonym } }, stored.ETag, cancellationToken);
                return;
            }
            catch (ConcurrencyConflictException)
            {
            }
        }
        throw new ConcurrencyConflictException($"Issue {number} kept changing during the erasure.");
    }

    public static bool SamePerson(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

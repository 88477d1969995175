using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Delivery;

/// <summary>
/// Every outbox key of the bot, in one place. A key names a proactive message for good (a key already used makes
/// the send a no-op), so its format is part of the stored state: changing one would send again what was sent.
/// Keys appear in logs: they hold ids and numbers, never a name or a text.
/// </summary>
public static class OutboxKeys
{
    // ---- The issue card and its notifications ----

    /// <summary>"root:05-2026-0042": the root card of a new issue's thread in its sector channel.</summary>
    public static string Root(IssueNumber number) => $"root:{number}";

    /// <summary>"root:05-2026-0042:{eventId}": the new thread of an issue transferred to another sector.</summary>
    public static string TransferredRoot(IssueNumber number, string eventId) => $"{Root(number)}:{eventId}";

    /// <summary>"card:05-2026-0042:{eventId}": one in-place update of the root card, named by the event that produced it.</summary>
    public static string Card(IssueNumber number, string eventId) => $"card:{number}:{eventId}";

    /// <summary>"partner:05-2026-0042:{eventId}": a step told to the reporting partner, once per event.</summary>
    public static string PartnerStep(IssueNumber number, string eventId) => $"partner:{number}:{eventId}";

    /// <summary>"followup:{number}" for the first closure; a closure after a reopening gets its own question.</summary>
    public static string FollowUp(IssueNumber number, int reopenings) =>
        reopenings == 0 ? $"followup:{number}" : $"followup:{number}:{reopenings + 1}";

    /// <summary>"answer:05-2026-0042:{questionId}": the partner's answer to a question, posted in the issue's thread.</summary>
    public static string ClarificationAnswer(IssueNumber number, string questionId) => $"answer:{number}:{questionId}";

    /// <summary>"reopen:05-2026-0042:{answerId}": the referent told in the thread that the partner's follow-up reopened the issue.</summary>
    public static string Reopened(IssueNumber number, string answerId) => $"reopen:{number}:{answerId}";

    /// <summary>"reminder:05-2026-0042:J15": a reminder in the issue's thread.</summary>
    public static string Reminder(IssueNumber number, string reminderKey) => $"reminder:{number}:{reminderKey}";

    /// <summary>"breach:05-2026-0042:B31": the commissioner told once that an issue's clock missed its deadline ("C2-B31" after a reopening).</summary>
    public static string Breach(IssueNumber number, string breachKey) => $"breach:{number}:{breachKey}";

    // ---- Status ----

    /// <summary>"digest:2026-W48:{recipient}": the weekly digest of a week, to the commissioner or a sector channel.</summary>
    public static string Digest(string week, string recipient) => $"digest:{week}:{recipient}";

    // ---- Diagnostics ----

    /// <summary>"diagnostic:D05-2026-0001": the diagnostic card's first post in its sector channel.</summary>
    public static string DiagnosticRoot(DiagnosticNumber number) => $"diagnostic:{number}";

    /// <summary>"diagnostic-carte:D05-2026-0001:v3": one in-place update of the diagnostic card; the version names the content.</summary>
    public static string DiagnosticCard(DiagnosticNumber number, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"diagnostic-carte:{number}:v{version}");

    /// <summary>"diagnostic-enquete:D05-2026-0001:{method}:{person}": the survey card, once per diagnostic, method and partner.</summary>
    public static string DiagnosticSurvey(DiagnosticNumber number, string methodId, string objectId) =>
        $"diagnostic-enquete:{number}:{methodId}:{objectId.ToLowerInvariant()}";

    /// <summary>"diagnostic-rappel:D05-2026-0001:A2:20261215:J-7:{person}": one reminder per action, due date, stage and person.</summary>
    public static string DiagnosticActionReminder(DiagnosticNumber number, DiagnosticAction action, int stage, string objectId) =>
        string.Create(CultureInfo.InvariantCulture, $"diagnostic-rappel:{number}:{action.Id}:{action.DueDate:yyyyMMdd}:J-{stage}:{objectId.ToLowerInvariant()}");

    /// <summary>"diagnostic-rappel-police:D05-2026-0001:A3:20261215:J-7": one channel reminder per police action, due date and stage.</summary>
    public static string DiagnosticPoliceReminder(DiagnosticNumber number, DiagnosticAction action, int stage) =>
        string.Create(CultureInfo.InvariantCulture, $"diagnostic-rappel-police:{number}:{action.Id}:{action.DueDate:yyyyMMdd}:J-{stage}");

    /// <summary>"diagnostic-suggestion:{sector}:{group}:{hash}": a hotspot suggestion, once per group of issues.</summary>
    public static string HotspotSuggestion(string sectorId, string groupKey, string issuesHash) =>
        $"diagnostic-suggestion:{sectorId}:{groupKey}:{issuesHash}";

    // ---- Export and delivery ----

    /// <summary>"export:{id}": a download card sent to the requester's personal chat.</summary>
    public static string Export(string? exportId) => $"export:{exportId}";

    /// <summary>
    /// "alert:{failedKey}:{hash}": the alert to one administrator that a message could not be delivered. The
    /// administrator is named by a short hash of their object id, stable so that a repeated report is the same message.
    /// </summary>
    public static string Alert(string failedKey, string administratorObjectId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(administratorObjectId.ToLowerInvariant()));
        return $"alert:{failedKey}:{Convert.ToHexStringLower(hash)[..12]}";
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Storage.Coordination;

namespace SecuriteQuotidien.Bot.Diagnostics;

/// <summary>What one sweep recorded in the outbox.</summary>
public sealed record DiagnosticSweepResult(bool Leader, int Suggestions, int Reminders)
{
    public static DiagnosticSweepResult NotLeader { get; } = new(false, 0, 0);
}

/// <summary>
/// The periodic work of the diagnostics: hotspot suggestions in the sector channels ("Plusieurs signalements
/// similaires…", marked suggested so that the same series is not proposed twice) and the reminders before an
/// action's due date: a partner-owned action's go to the owning organisation's people in their personal chat, a
/// police-owned action's to the sector channel (in the diagnostic's thread once its card is posted) mentioning the
/// referent and the deputy. Neither side is reminded after the due date. Among several instances the
/// holder of the "diagnostic-sweep" lease sweeps. Every message has an idempotency key: a second sweep, a restart or
/// a second instance never sends one twice.
/// </summary>
public sealed partial class DiagnosticSweep(
    IDirectory directory,
    IDiagnosticRepository diagnostics,
    IHotspotMarkStore marks,
    DiagnosticService service,
    IDiagnosticCardStore cards,
    IProactiveSender sender,
    ILeaseStore leases,
    TimeProvider time,
    IOptions<DiagnosticsOptions> options,
    ILogger<DiagnosticSweep> logger)
    : LeasedPeriodicWorker<DiagnosticSweepResult>(LeaseName, "Diagnostic sweep", leases, time, logger)
{
    public const string LeaseName = "diagnostic-sweep";
    public const string BotActor = "bot";

    /// <summary>
    /// The reminder stage due today: the smallest configured "days before" not yet passed. A sweep missed on the
    /// exact day still sends the stage once; a later stage supersedes an unsent earlier one.
    /// </summary>
    public static int? StageOf(DateOnly dueDate, DateOnly today, IReadOnlyList<int> daysBefore)
    {
        var left = dueDate.DayNumber - today.DayNumber;
        return left < 0 ? null : daysBefore.Where(d => d >= left).Order().Cast<int?>().FirstOrDefault();
    }

    protected override LeasedWorkerSchedule Schedule =>
        new(options.Value.SweepEnabled, options.Value.SweepInterval, options.Value.LeaseDuration);

    protected override DiagnosticSweepResult Skipped => DiagnosticSweepResult.NotLeader;

    /// <summary>One sweep under the lease (run it with <see cref="LeasedPeriodicWorker{TResult}.RunOnceAsync"/>).</summary>
    protected override async Task<DiagnosticSweepResult> RunPassAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var suggestions = 0;
        foreach (var sector in directory.Sectors)
        {
            suggestions += await SuggestAsync(sector, cancellationToken);
        }
        var reminders = await RemindAsync(cancellationToken);
        if (suggestions + reminders > 0)
        {
            LogSwept(logger, suggestions, reminders);
        }
        return new DiagnosticSweepResult(true, suggestions, reminders);
    }

    private async Task<int> SuggestAsync(Sector sector, CancellationToken cancellationToken)
    {
        var facts = service.FactsOf(await service.SectorIssuesAsync(sector.Id, cancellationToken));
        var open = (await diagnostics.ListOpenAsync([sector.Id], cancellationToken)).Select(s => s.Diagnostic);
        var known = await marks.ListAsync(sector.Id, cancellationToken);
        var groups = HotspotDetector.Detect(facts, service.Today, directory.Diagnostics.Hotspot, open, known);
        var sent = 0;
        foreach (var group in groups)
        {
            var numbers = group.Issues.Select(i => i.Number).ToList();
            var card = DiagnosticCards.HotspotSuggestion(group, directory, [.. group.Issues.Select(service.LineOf)]);
            var key = OutboxKeys.HotspotSuggestion(sector.Id, group.Key, Hash(string.Join(',', numbers)));
            if (await sender.StartThreadAsync(key, ChannelAddress.Of(directory, sector), card.ToMessage(summary: card.FallbackText), cancellationToken: cancellationToken))
            {
                sent++;
            }
            // After the enqueue: a crash in between re-enqueues nothing (same key) and marks at the next sweep.
            await marks.SaveAsync(new HotspotMark(sector.Id, group.Key, HotspotMarkKind.Suggested, numbers, BotActor, Time.GetUtcNow()), cancellationToken);
        }
        return sent;
    }

    private async Task<int> RemindAsync(CancellationToken cancellationToken)
    {
        var today = service.Today;
        var daysBefore = directory.Diagnostics.ActionReminderDaysBefore;
        var open = await diagnostics.ListOpenAsync(directory.Sectors.Select(s => s.Id), cancellationToken);
        var sent = 0;
        foreach (var diagnostic in open.Select(s => s.Diagnostic))
        {
            var view = PartnerView.Of(diagnostic, service.Confidentiality);
            foreach (var action in view.Actions.Where(a => !a.IsDone))
            {
                if (StageOf(action.DueDate, today, daysBefore) is not { } stage)
                {
                    continue;
                }
                var card = PartnerDiagnosticCards.ActionReminder(view, action, directory, today);
                foreach (var person in service.PeopleOf(action.Owner, diagnostic.SectorId))
                {
                    if (await sender.SendToUserAsync(OutboxKeys.DiagnosticActionReminder(diagnostic.Number, action, stage, person.ObjectId), new UserAddress(directory.TenantId, person.ObjectId),
                        card.ToMessage(summary: card.FallbackText), cancellationToken: cancellationToken))
                    {
                        sent++;
                    }
                }
            }
            foreach (var action in diagnostic.Actions.Where(a => a.IsPoliceOwned && !a.IsDone))
            {
                if (StageOf(action.DueDate, today, daysBefore) is { } stage && await RemindPoliceAsync(diagnostic, action, stage, today, cancellationToken))
                {
                    sent++;
                }
            }
        }
        return sent;
    }

    /// <summary>A police action's reminder in the sector channel: a reply in the diagnostic's thread, or a new post while the card is not posted.</summary>
    private async Task<bool> RemindPoliceAsync(Diagnostic diagnostic, DiagnosticAction action, int stage, DateOnly today, CancellationToken cancellationToken)
    {
        if (directory.FindSector(diagnostic.SectorId) is not { } sector)
        {
            return false;
        }
        var key = OutboxKeys.DiagnosticPoliceReminder(diagnostic.Number, action, stage);
        var card = DiagnosticCards.PoliceActionReminder(diagnostic, action, directory, today);
        var message = card.ToMessage(summary: card.FallbackText);
        var channel = ChannelAddress.Of(directory, sector);
        var options = new ProactiveSendOptions
        {
            FailureAlert = $"Le rappel de l'action {action.Id} du diagnostic {diagnostic.Number} n'a pas pu être publié dans le canal du secteur {sector.Name} : "
                + "le bot a peut-être été retiré de l'équipe. Prévenez le référent.",
        };
        // Same key either way: a card posted between two sweeps never gets the same reminder twice.
        return await cards.GetAsync(diagnostic.SectorId, diagnostic.Number, cancellationToken) is { } thread
            ? await sender.ReplyInThreadAsync(key, channel, thread.ConversationId, thread.RootActivityId, message, options, cancellationToken)
            : await sender.StartThreadAsync(key, channel, message, options, cancellationToken);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));

    [LoggerMessage(Level = LogLevel.Information, Message = "Diagnostic sweep: {Suggestions} hotspot suggestions and {Reminders} action reminders enqueued")]
    private static partial void LogSwept(ILogger logger, int suggestions, int reminders);
}

using System.Globalization;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Storage.Coordination;

namespace SecuriteQuotidien.Bot.Status;

/// <summary>
/// The weekly digest: at <see cref="DigestOptions.Day"/> <see cref="DigestOptions.Time"/> (Europe/Paris) the
/// commissioner gets the department's past week in their personal chat, and each sector channel its own
/// (a new post). One instance prepares it under the "weekly-digest" lease; every message has the key
/// "digest:{yyyy-Www}:{recipient}" (ISO week of the digest day; recipient "commissioner" or the sector id),
/// so a restart, a second sweep or a second instance never sends it twice.
/// </summary>
public sealed partial class WeeklyDigest(
    IDirectory directory,
    StatusIssueSource source,
    IProactiveSender sender,
    ILeaseStore leases,
    TimeProvider time,
    IOptions<DigestOptions> options,
    ILogger<WeeklyDigest> logger)
    : LeasedPeriodicWorker<int>(LeaseName, "Weekly digest sweep", leases, time, logger)
{
    public const string LeaseName = "weekly-digest";
    public const string CommissionerRecipient = "commissioner";

    /// <summary>Overdue issues a digest lists.</summary>
    public const int DigestListed = 5;

    /// <summary>The digest instant due at <paramref name="now"/>: the latest scheduled one, if within the catch-up window.</summary>
    public static DateTimeOffset? DueAt(DateTimeOffset now, DigestOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var today = ParisTime.DateOf(now);
        var day = today.AddDays(-(((int)today.DayOfWeek - (int)settings.Day + 7) % 7));
        var at = ParisTime.At(day, settings.Time);
        if (at > now)
        {
            at = ParisTime.At(day.AddDays(-7), settings.Time);
        }
        return now - at <= settings.CatchUpWindow ? at : null;
    }

    /// <summary>"2026-W48": the ISO week of the digest day.</summary>
    public static string WeekKey(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)):00}");

    /// <summary>Sends the digest if one is due and not sent yet; returns how many messages this call recorded.</summary>
    public Task<int> SweepAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    protected override LeasedWorkerSchedule Schedule =>
        new(options.Value.Enabled, options.Value.SweepInterval, options.Value.LeaseDuration);

    protected override int Skipped => 0;

    protected override bool IsDue(DateTimeOffset now) => DueAt(now, options.Value) is not null;

    protected override Task<int> RunPassAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var dueAt = DueAt(now, settings) ?? throw new InvalidOperationException("The digest pass runs only when a digest is due.");
        return SendAsync(ParisTime.DateOf(dueAt), now, settings, cancellationToken);
    }

    private async Task<int> SendAsync(DateOnly digestDay, DateTimeOffset now, DigestOptions settings, CancellationToken cancellationToken)
    {
        var week = WeekKey(digestDay);
        var (from, to) = (digestDay.AddDays(-7), digestDay.AddDays(-1));
        var period = new StatusPeriod(from, to, $"la semaine {FrenchDateFormat.Range(from, to)}");
        var department = new StatusQuery(StatusQueryKind.Summary, StatusScope.Department, period);
        var sent = 0;

        if (settings.ToCommissioner && directory.CommissionerObjectId is { Length: > 0 } commissioner)
        {
            var totals = await source.TotalsAsync(department, now, DigestListed, dueSoonListed: 0, cancellationToken);
            var report = totals.Report(department, now);
            var card = StatusCards.Digest(report, directory, $"tout le département ({directory.DepartmentName})");
            sent += await sender.SendToUserAsync(OutboxKeys.Digest(week, CommissionerRecipient), new UserAddress(directory.TenantId, commissioner),
                card.ToMessage("Bilan de la semaine"), cancellationToken: cancellationToken) ? 1 : 0;
        }
        if (settings.ToSectorChannels)
        {
            // A sector channel counts partners: its digest leaves out the restricted categories. The totals are kept per
            // sector and category, so the channels' read is limited to the shared categories (their five oldest overdue
            // issues are then the shared ones'); each channel's report is its sector's part of it.
            string[] shared = [.. directory.Categories.Where(c => !c.Restricted).Select(c => c.Id)];
            var sharedScope = new StatusScope { CategoryIds = shared };
            var channels = shared.Length == 0
                ? new StatusTotals(TallyRanges.For(period, ParisTime.DateOf(now)))
                : await source.TotalsAsync(department with { Scope = sharedScope }, now, DigestListed, dueSoonListed: 0, cancellationToken);
            foreach (var sector in directory.Sectors)
            {
                var query = department with { Scope = new StatusScope { SectorIds = [sector.Id] } };
                // Counted over the shared categories only; the card names the sector alone, as for any digest.
                var report = channels.Report(query with { Scope = sharedScope with { SectorIds = [sector.Id] } }, now) with { Query = query };
                var card = StatusCards.Digest(report, directory, sector.Name);
                sent += await sender.StartThreadAsync(OutboxKeys.Digest(week, sector.Id), ChannelAddress.Of(directory, sector),
                    card.ToMessage("Bilan de la semaine"), cancellationToken: cancellationToken) ? 1 : 0;
            }
        }
        LogDigest(logger, week, sent);
        return sent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly digest {Week}: {MessageCount} messages recorded")]
    private static partial void LogDigest(ILogger logger, string week, int messageCount);
}

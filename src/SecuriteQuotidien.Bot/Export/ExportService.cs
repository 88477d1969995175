using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Storage.Exports;

namespace SecuriteQuotidien.Bot.Export;

/// <summary>
/// `export [secteur] [période]`: the same words as « point » (<see cref="StatusQueryParser"/>), the same
/// access rules (<see cref="StatusScopePolicy"/>) and the same figures (<see cref="IStatusIssueSource"/> and
/// <see cref="IndicatorCalculator"/>), written as a workbook (<see cref="ExportWorkbook"/>), stored under a
/// random id (<see cref="IExportStore"/>) and offered by a signed, short-lived, single-use link.
/// </summary>
public sealed partial class ExportService(
    IDirectory directory,
    IStatusIssueSource source,
    IIssueRepository issues,
    IIssueEventRepository events,
    IExportStore store,
    ExportSignerSource signers,
    IAuditTrail audit,
    TimeProvider time,
    IOptions<ExportOptions> options,
    ILogger<ExportService> logger) : IExportPublisher
{
    public const string TooLarge =
        "L'export dépasse la taille permise : précisez un secteur ou une période (par exemple « export Gap ce mois »).";

    // Words people add to the command that say nothing about the scope or the period.
    private static readonly HashSet<string> FormatWords = new(StringComparer.Ordinal) { "excel", "xlsx", "tableur", "fichier", "classeur" };

    private readonly StatusQueryParser _parser = new(directory);

    /// <param name="argument">The words after the command keyword ("Briançon ce mois").</param>
    public async Task<ExportAnswer> ExportAsync(string argument, string? requesterObjectId, PersonRoles roles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (!roles.IsKnown || string.IsNullOrWhiteSpace(requesterObjectId))
        {
            return Message(StatusScopePolicy.UnknownRefusal);
        }
        var now = time.GetUtcNow();
        var words = FrenchText.Words(argument).Where(w => !FormatWords.Contains(w));
        var parsed = _parser.Parse(string.Join(' ', words.Prepend("point")), ParisTime.DateOf(now));
        if (parsed.Failure is { } failure)
        {
            return Message($"{failure.Message} Essayez par exemple : {string.Join(", ", ExportExamples(failure.Suggestions))}.");
        }
        // « export en retard » exports the same sheets as « export »: the kind only chose the card.
        var decision = StatusScopePolicy.Restrict(parsed.Query! with { Kind = StatusQueryKind.Summary }, roles);
        if (decision.Query is not { } query)
        {
            return Message(decision.Refusal!);
        }

        var content = await LoadAsync(query, roles.IsPolice, decision.Note, now, cancellationToken);
        var bytes = ExportWorkbook.Build(content);
        if (bytes.Length > IExportStore.MaxBytes)
        {
            LogTooLarge(logger, content.Rows.Count, bytes.Length);
            return Message(TooLarge);
        }

        var fileName = ExportWorkbook.FileName(now);
        var answer = await PublishAsync(bytes, fileName, requesterObjectId, "export", CardText.Clean($"{argument} ({content.Rows.Count} lignes)", 100),
            (expiresAt, link) => ExportCards.Ready(fileName, content, expiresAt, link), cancellationToken);
        LogReady(logger, content.Rows.Count, bytes.Length);
        return answer;
    }

    public async Task<ExportAnswer> PublishAsync(byte[] bytes, string fileName, string requesterObjectId, string auditScope, string auditDetail,
        Func<DateTimeOffset, string, AdaptiveCard> cardOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cardOf);
        var now = time.GetUtcNow();
        var id = store.NewId();
        // Whole seconds: the expiry travels in the link as Unix seconds and is signed as such.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((now + options.Value.LinkLifetime).ToUnixTimeSeconds());
        await store.SaveAsync(new ExportFile(id, requesterObjectId, expiresAt, fileName, bytes), cancellationToken);
        // Every export is traced (who, what, how much), before the link is given.
        await audit.RecordAsync(requesterObjectId, AuditAction.Export, now, auditScope, auditDetail, cancellationToken);
        var link = await LinkOfAsync(id, requesterObjectId, expiresAt, cancellationToken);
        return new ExportAnswer(cardOf(expiresAt, link).ToMessage(), IsReady: true, id);
    }

    /// <summary>The download link: <c>{PublicBaseUrl}/exports/{id}?exp={unix seconds}&amp;sig={HMAC}</c>.</summary>
    public async Task<string> LinkOfAsync(string id, string requesterObjectId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var baseUrl = options.Value.PublicBaseUrl!.ToString().TrimEnd('/');
        var signer = await signers.GetAsync(cancellationToken);
        var signature = signer.Sign(ExportLinkSigner.ExportPurpose, id, requesterObjectId, expiresAt);
        return QueryHelpers.AddQueryString($"{baseUrl}/exports/{id}", new Dictionary<string, string?>
        {
            ["exp"] = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["sig"] = signature,
        });
    }

    private async Task<ExportContent> LoadAsync(StatusQuery query, bool forPolice, string? note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The indicators: exactly the « point » card's figures.
        var loaded = await source.LoadAsync(query, now, cancellationToken);
        var report = IndicatorCalculator.Compute(loaded.Snapshots, query, now);
        var snapshots = loaded.Snapshots.ToDictionary(s => s.Number);

        var listed = await ListAsync(query.Scope, cancellationToken);
        var ofPeriod = listed
            .Where(i => snapshots.ContainsKey(i.Number) && BelongsToPeriod(i, query.Period))
            .OrderByDescending(i => i.Number)
            .ToList();
        var rowsIssues = ofPeriod.Take(options.Value.MaxRows).Reverse().ToList();
        var timelines = await TimelinesAsync(rowsIssues, partnerVisibleOnly: !forPolice, cancellationToken);
        var overdueDays = report.Overdue.ToDictionary(e => e.Issue.Number, e => e.Days);

        var rows = rowsIssues.Select(issue => RowOf(issue, snapshots[issue.Number], timelines.GetValueOrDefault(issue.Number) ?? [],
            overdueDays.TryGetValue(issue.Number, out var days) ? days : null, forPolice)).ToList();
        return new ExportContent
        {
            ScopeLabel = query.Scope.Describe(directory),
            PeriodLabel = query.Period?.Label ?? "depuis le début",
            GeneratedAt = now,
            ForPolice = forPolice,
            Rows = rows,
            RowsAvailable = ofPeriod.Count,
            Report = report,
            FollowUpPartial = loaded.FollowUpPartial,
            SectorName = id => directory.FindSector(id)?.Name ?? id,
            CategoryName = id => directory.FindCategory(id)?.Label ?? id,
            Note = note,
        };
    }

    private async Task<IReadOnlyList<Issue>> ListAsync(StatusScope scope, CancellationToken cancellationToken)
    {
        IEnumerable<Issue> found;
        if (scope.ReporterObjectId is { } reporter)
        {
            found = await issues.ListByReporterAsync(reporter, IStatusIssueSource.MaxPartnerIssues, cancellationToken);
        }
        else
        {
            var sectorIds = scope.SectorIds.Count > 0 ? scope.SectorIds.Distinct(StringComparer.Ordinal) : directory.Sectors.Select(s => s.Id);
            var lists = await Task.WhenAll(sectorIds.Select(id => issues.ListBySectorAsync(id, cancellationToken)));
            found = lists.SelectMany(l => l);
        }
        return [.. found.DistinctBy(i => i.Number)];
    }

    /// <summary>
    /// An issue is listed when it was created before the period ended and is still open, or was created,
    /// answered, closed or due during the period (docs/indicateurs.md, « Export »).
    /// </summary>
    private static bool BelongsToPeriod(Issue issue, StatusPeriod? period)
    {
        if (period is null)
        {
            return true;
        }
        bool In(DateTimeOffset? instant) => instant is { } at && period.Contains(ParisTime.DateOf(at));
        return ParisTime.DateOf(issue.CreatedAt) <= period.To
            && (issue.IsOpen || In(issue.CreatedAt) || In(issue.FirstResponseAt) || In(issue.ClosedAt) || period.Contains(issue.Deadline));
    }

    // Only answered or closed issues have a response type, a follow-up answer or a police note to read.
    private async Task<Dictionary<IssueNumber, IReadOnlyList<IssueEvent>>> TimelinesAsync(IReadOnlyList<Issue> rows, bool partnerVisibleOnly,
        CancellationToken cancellationToken)
    {
        var timelines = new Dictionary<IssueNumber, IReadOnlyList<IssueEvent>>();
        var toRead = rows.Where(i => i.FirstResponseAt is not null || !i.IsOpen);
        await Parallel.ForEachAsync(toRead,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.TimelineConcurrency, CancellationToken = cancellationToken },
            async (issue, ct) =>
            {
                var timeline = await events.ListAsync(issue.Number, partnerVisibleOnly, ct);
                lock (timelines)
                {
                    timelines[issue.Number] = timeline;
                }
            });
        return timelines;
    }

    private ExportRow RowOf(Issue issue, IssueSnapshot snapshot, IReadOnlyList<IssueEvent> timeline, int? daysOverdue, bool forPolice)
    {
        var clockStart = snapshot.CurrentClockStart;
        var response = timeline.FirstOrDefault(e => e.Kind == IssueEventKind.ResponseEngaged && e.OccurredAt >= clockStart);
        var responseAt = snapshot.FirstResponseAt ?? response?.OccurredAt;
        return new ExportRow
        {
            Number = issue.Number.ToString(),
            CreatedOn = ParisTime.DateOf(issue.CreatedAt),
            Sector = directory.FindSector(issue.SectorId)?.Name ?? issue.SectorId,
            Category = directory.FindCategory(issue.CategoryId)?.Label ?? issue.CategoryId,
            Site = SiteOf(issue.Site),
            Description = issue.Description,
            Organisation = directory.Organisations.FirstOrDefault(o => o.Id == issue.Reporter.OrganisationId)?.Name ?? issue.Reporter.OrganisationId,
            Status = issue.Status.ToFrench(),
            Paused = issue.IsPaused,
            Deadline = snapshot.Deadline,
            DaysOverdue = daysOverdue,
            ResponseType = responseAt is null ? null : ResponseTypeOf(response?.Payload),
            ResponseDate = responseAt is { } at ? ParisTime.DateOf(at) : null,
            ClosedOn = issue.ClosedAt is { } closed ? ParisTime.DateOf(closed) : null,
            Outcome = issue.Outcome?.ToFrench(),
            FollowUp = IssueFollowUp.LatestOf(timeline)?.Answer.ToFrench(),
            PoliceNote = forPolice ? IssueTimeline.PoliceNotesOf(timeline) : null,
        };
    }

    private string SiteOf(IssueSite site)
    {
        var place = site.SiteId is { } id ? directory.FindSite(id)?.Name ?? id : site.FreeAddress ?? "";
        return string.IsNullOrWhiteSpace(site.Detail) ? place : $"{place} ({site.Detail})";
    }

    // The response's payload starts with its type's label ("Patrouille ciblée, 12 octobre 2026 : ...").
    private static string ResponseTypeOf(string? payload) =>
        TargetedResponseTypes.All.FirstOrDefault(t => payload?.StartsWith(t.Label + ",", StringComparison.Ordinal) == true)?.Label
        ?? "Non précisé";

    // The parser suggests « point … » requests: the same words follow « export ».
    private static IEnumerable<string> ExportExamples(IEnumerable<string> suggestions) =>
        suggestions.Where(s => s.StartsWith("point", StringComparison.Ordinal))
            .Select(s => $"« export{s["point".Length..]} »")
            .DefaultIfEmpty("« export »")
            .Append("« export Gap ce mois »")
            .Distinct(StringComparer.Ordinal);

    private static ExportAnswer Message(string text) => new(ExportMessages.Text(text), IsReady: false);

    [LoggerMessage(Level = LogLevel.Information, Message = "Export ready: {RowCount} issues, {ByteCount} bytes")]
    private static partial void LogReady(ILogger logger, int rowCount, int byteCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export refused as too large: {RowCount} issues, {ByteCount} bytes")]
    private static partial void LogTooLarge(ILogger logger, int rowCount, int byteCount);
}

using System.Globalization;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Meetings;

/// <summary>
/// The GPO meeting kit exported to Excel: the agenda (<see cref="MeetingService.AgendaAsync"/>, built partner-safe for
/// the partner version) and the recorded minutes of a meeting, stored and linked by <see cref="IExportPublisher.PublishAsync"/>
/// (same one-use signed link, same audit event as `export`). The partner version holds no police note, no police-owned
/// action and no issue of a restricted category; unknown issues count as restricted.
/// </summary>
public sealed partial class MeetingExportService(
    MeetingService meetingKit,
    IMeetingRepository meetings,
    IIssueRepository issues,
    IIssueEventRepository events,
    PartnerConfidentiality confidentiality,
    IExportPublisher exports,
    IDirectory directory,
    TimeProvider time,
    IOptions<MeetingsOptions> options,
    ILogger<MeetingExportService> logger)
{
    public const string AgendaKind = "Ordre du jour";
    public const string MinutesKind = "Compte rendu";
    public const string NoMinutes = "Ce compte rendu n'existe pas (ou plus) : rien n'a été exporté.";

    public async Task<ExportAnswer> ExportAgendaAsync(Sector sector, bool partnerSafe, string requesterObjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sector);
        var agenda = await meetingKit.AgendaAsync(sector.Id, partnerSafe, cancellationToken);
        var today = meetingKit.Today;
        var notes = partnerSafe ? new Dictionary<IssueNumber, string?>() : await PoliceNotesAsync(
            [.. agenda.NewIssues.Concat(agenda.OverdueIssues).Concat(agenda.ClosedIssues).Select(i => i.Issue.Number).Distinct()], cancellationToken);

        IEnumerable<MeetingIssueRow> Rows(string section, IReadOnlyList<AgendaIssue> lines) => lines.Select(line => new MeetingIssueRow
        {
            Section = section,
            Number = line.Issue.Number.ToString(),
            Sector = agenda.SectorName,
            Category = line.CategoryLabel,
            Site = line.PlaceLabel,
            Status = line.Issue.Status.ToFrench(),
            CreatedOn = line.Issue.CreatedOn,
            Deadline = line.Issue.Deadline,
            DaysOverdue = line.Issue.IsOverdue(today) ? today.DayNumber - line.Issue.Deadline.DayNumber : null,
            ClosedOn = line.Issue.ClosedOn,
            Outcome = line.Issue.Outcome?.ToFrench(),
            PoliceNote = notes.GetValueOrDefault(line.Issue.Number),
        });
        IEnumerable<MeetingActionRow> Actions(string section, IReadOnlyList<AgendaAction> lines) => lines.Select(line => new MeetingActionRow
        {
            Section = section,
            Diagnostic = line.Number.ToString(),
            DiagnosticTitle = line.DiagnosticTitle,
            ActionId = line.Action.Id,
            Text = line.Action.Text,
            Owner = line.OwnerLabel,
            DueDate = line.Action.DueDate,
            Status = line.Action.Status.ToFrench(),
            Late = line.Action.IsLate(today),
            DoneOn = line.Action.DoneAt is { } at ? directory.LocalDateOf(at) : null,
            Comment = line.Action.DoneComment,
        });

        var content = new MeetingAgendaExport
        {
            Title = agenda.Title,
            SectorName = agenda.SectorName,
            PeriodLabel = agenda.PeriodLabel,
            Today = today,
            ForPolice = !partnerSafe,
            Issues = [.. Rows("Nouveau", agenda.NewIssues), .. Rows("En retard", agenda.OverdueIssues), .. Rows("Clos", agenda.ClosedIssues)],
            Diagnostics = [.. agenda.OpenDiagnostics.Select(d => new MeetingDiagnosticRow(d.Number.ToString(), d.Title, d.ActionsDone, d.ActionsTotal, d.LateActions))],
            Actions = [.. Actions("En retard", agenda.LateActions), .. Actions("Faite depuis la dernière réunion", agenda.ActionsDone)],
        };
        var lines = content.Issues.Count + content.Diagnostics.Count + content.Actions.Count;
        return await PublishAsync(MeetingExportWorkbook.Build(content), AgendaKind, agenda.Title, sector, partnerSafe, lines, requesterObjectId,
            cancellationToken);
    }

    /// <summary>The minutes of the sector's meeting of <paramref name="meetingDate"/>; a French message when there are none.</summary>
    public async Task<ExportAnswer> ExportMinutesAsync(Sector sector, DateOnly meetingDate, bool partnerSafe, string requesterObjectId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sector);
        if (await meetings.GetMinutesAsync(sector.Id, meetingDate, cancellationToken) is not { Minutes: var minutes })
        {
            return new ExportAnswer(ExportMessages.Text(NoMinutes), IsReady: false);
        }
        var shown = new List<MinutesDecision>();
        foreach (var decision in minutes.Decisions)
        {
            if (!partnerSafe || await IsVisibleToPartnersAsync(sector.Id, decision, cancellationToken))
            {
                shown.Add(decision);
            }
        }
        var title = $"Compte rendu du GPO – {sector.Name}";
        var content = new MeetingMinutesExport
        {
            Title = title,
            SectorName = sector.Name,
            MeetingDate = minutes.MeetingDate,
            ForPolice = !partnerSafe,
            Attendees = minutes.Attendees,
            Summary = minutes.Summary,
            Decisions = [.. shown.Select(RowOf)],
        };
        if (partnerSafe)
        {
            LogWithheld(logger, minutes.Decisions.Count - shown.Count);
        }
        return await PublishAsync(MeetingExportWorkbook.Build(content), MinutesKind, title, sector, partnerSafe, content.Decisions.Count, requesterObjectId,
            cancellationToken);
    }

    private async Task<ExportAnswer> PublishAsync(byte[] bytes, string kind, string title, Sector sector, bool partnerSafe, int lines,
        string requesterObjectId, CancellationToken cancellationToken)
    {
        var fileName = MeetingExportWorkbook.FileName(kind, sector.Name, time.GetUtcNow());
        var version = partnerSafe ? "version partenaires" : "version police";
        var answer = await exports.PublishAsync(bytes, fileName, requesterObjectId, sector.Id,
            string.Create(CultureInfo.InvariantCulture, $"{kind.ToLowerInvariant()} ({version}, {lines} lignes)"),
            (expiresAt, link) => MeetingExportCards.Ready(fileName, title, !partnerSafe, expiresAt, link), cancellationToken);
        LogReady(logger, kind, sector.Id, partnerSafe, bytes.Length);
        return answer;
    }

    // Police notes and police-owned actions are police business; an issue update shows only on an issue partners may see.
    private async Task<bool> IsVisibleToPartnersAsync(string sectorId, MinutesDecision decision, CancellationToken cancellationToken)
    {
        switch (decision.Kind)
        {
            case DecisionKind.NewAction:
                return decision.Owner is { } owner && owner != DiagnosticAction.PoliceOwner;
            case DecisionKind.IssueUpdate:
                if (decision.IssueUpdate is not IssueUpdateKind.TargetedResponse and not IssueUpdateKind.Close || decision.Issue is not { } number)
                {
                    return false;
                }
                var stored = await issues.GetAsync(sectorId, number, cancellationToken);
                return stored is not null && confidentiality.IsVisibleToPartners(stored.Issue);
            default:
                return true;
        }
    }

    private MeetingDecisionRow RowOf(MinutesDecision decision) => new()
    {
        Id = decision.Id,
        Kind = decision.Kind switch
        {
            DecisionKind.NewAction => "Nouvelle action d'un diagnostic",
            DecisionKind.IssueUpdate => "Mise à jour d'un signalement",
            _ => "Décision notée",
        },
        Text = decision.Text,
        Diagnostic = decision.Diagnostic?.ToString(),
        Owner = decision.Owner is { } owner ? MeetingAgendaBuilder.OwnerLabel(owner, directory) : null,
        DueDate = decision.DueDate,
        Issue = decision.Issue?.ToString(),
        IssueUpdate = decision.IssueUpdate switch
        {
            IssueUpdateKind.Note => "Note police sur le signalement",
            IssueUpdateKind.TargetedResponse => "Réponse ciblée engagée",
            IssueUpdateKind.Close => $"Clôture ({(decision.Outcome ?? IssueOutcome.Resolved).ToFrench().ToLowerInvariant()})",
            _ => null,
        },
        AppliedOn = decision.AppliedAt is { } at ? directory.LocalDateOf(at) : null,
    };

    private async Task<Dictionary<IssueNumber, string?>> PoliceNotesAsync(IReadOnlyList<IssueNumber> numbers, CancellationToken cancellationToken)
    {
        var notes = new Dictionary<IssueNumber, string?>();
        await Parallel.ForEachAsync(numbers,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.TimelineConcurrency, CancellationToken = cancellationToken },
            async (number, ct) =>
            {
                var note = IssueTimeline.PoliceNotesOf(await events.ListAsync(number, partnerVisibleOnly: false, ct));
                lock (notes)
                {
                    notes[number] = note;
                }
            });
        return notes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Meeting export ready: {Kind} of sector {SectorId}, partner version {PartnerSafe}, {ByteCount} bytes")]
    private static partial void LogReady(ILogger logger, string kind, string sectorId, bool partnerSafe, int byteCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Minutes partner export left out {Count} police decisions")]
    private static partial void LogWithheld(ILogger logger, int count);
}

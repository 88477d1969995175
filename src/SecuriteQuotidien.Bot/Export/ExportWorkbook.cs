using ClosedXML.Excel;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using static SecuriteQuotidien.Bot.Cards.WorkbookCells;

namespace SecuriteQuotidien.Bot.Export;

/// <summary>
/// Writes the export workbook with ClosedXML: « Signalements » (one row per issue) and « Indicateurs »
/// (the figures of the « point » card for the whole scope, then per sector and per category).
/// </summary>
/// <remarks>Cells are written with <see cref="Cards.WorkbookCells"/>: typed text never becomes a formula.</remarks>
public static class ExportWorkbook
{
    public const string IssuesSheet = "Signalements";
    public const string IndicatorsSheet = "Indicateurs";
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The row of the indicators table's header in the « Indicateurs » sheet.</summary>
    public const int IndicatorsHeaderRow = 7;

    private static readonly string[] IssueHeaders =
    [
        "Numéro", "Créé le", "Secteur", "Catégorie", "Lieu", "Description", "Organisation", "Statut", "En pause", "Échéance",
        "Jours de retard", "Type de réponse ciblée", "Date de la réponse", "Clos le", "Issue", "Le problème persiste-t-il ?",
    ];

    private const string PoliceNoteHeader = "Note police (non visible des partenaires)";

    public static readonly IReadOnlyList<string> IndicatorHeaders =
    [
        "Niveau", "Nom", "Problèmes identifiés", "Problèmes résolus", "Signalements", "Ouverts", "En retard", "Échéance sous 7 jours",
        "En pause", "Rouverts", "Clos", "Clos : résolu", "Clos : non résolu", "Clos : hors compétence", "Clos : doublon",
        "Réponses dans les délais", "Échéances jugées", "Part dans les délais", "Délai médian de première réponse (jours)",
        "Réponses mesurées", "Suivi : oui", "Suivi : en partie", "Suivi : non",
    ];

    public static byte[] Build(ExportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var workbook = new XLWorkbook();
        workbook.Properties.Title = "Sécurité du Quotidien : signalements et indicateurs";
        workbook.Properties.Author = "Sécurité du Quotidien";
        WriteIssues(workbook.Worksheets.Add(IssuesSheet), content);
        WriteIndicators(workbook.Worksheets.Add(IndicatorsSheet), content);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void WriteIssues(IXLWorksheet sheet, ExportContent content)
    {
        var headers = content.ForPolice ? [.. IssueHeaders, PoliceNoteHeader] : IssueHeaders;
        Header(sheet, 1, headers);
        var r = 2;
        foreach (var row in content.Rows)
        {
            var c = 1;
            Text(sheet.Cell(r, c++), row.Number);
            Date(sheet.Cell(r, c++), row.CreatedOn);
            Text(sheet.Cell(r, c++), row.Sector);
            Text(sheet.Cell(r, c++), row.Category);
            Text(sheet.Cell(r, c++), row.Site);
            Text(sheet.Cell(r, c++), row.Description);
            Text(sheet.Cell(r, c++), row.Organisation);
            Text(sheet.Cell(r, c++), row.Status);
            Text(sheet.Cell(r, c++), row.Paused ? "Oui" : "Non");
            Date(sheet.Cell(r, c++), row.Deadline);
            Number(sheet.Cell(r, c++), row.DaysOverdue);
            Text(sheet.Cell(r, c++), row.ResponseType);
            Date(sheet.Cell(r, c++), row.ResponseDate);
            Date(sheet.Cell(r, c++), row.ClosedOn);
            Text(sheet.Cell(r, c++), row.Outcome);
            Text(sheet.Cell(r, c++), row.FollowUp);
            if (content.ForPolice)
            {
                Text(sheet.Cell(r, c), row.PoliceNote);
            }
            r++;
        }
        if (content.Rows.Count < content.RowsAvailable)
        {
            Text(sheet.Cell(r + 1, 1), $"Liste limitée aux {content.Rows.Count} signalements les plus récents sur {content.RowsAvailable} : "
                + "précisez un secteur ou une période. Les indicateurs couvrent tous les signalements.");
        }
        sheet.SheetView.FreezeRows(1);
        if (content.Rows.Count > 0)
        {
            sheet.Range(1, 1, content.Rows.Count + 1, headers.Length).SetAutoFilter();
        }
        double[] widths = [14, 12, 28, 26, 32, 60, 26, 22, 10, 12, 10, 28, 12, 12, 16, 16, 50];
        for (var i = 0; i < headers.Length; i++)
        {
            sheet.Column(i + 1).Width = widths[i];
        }
        sheet.Column(6).Style.Alignment.WrapText = true;
    }

    private static void WriteIndicators(IXLWorksheet sheet, ExportContent content)
    {
        var report = content.Report;
        Text(sheet.Cell(1, 1), "Sécurité du Quotidien : indicateurs");
        sheet.Cell(1, 1).Style.Font.Bold = true;
        Text(sheet.Cell(2, 1), "Périmètre");
        Text(sheet.Cell(2, 2), content.ScopeLabel);
        Text(sheet.Cell(3, 1), "Période");
        Text(sheet.Cell(3, 2), content.PeriodLabel);
        Text(sheet.Cell(4, 1), "Situation au");
        Date(sheet.Cell(4, 2), report.Today);
        Text(sheet.Cell(5, 1), content.Note);

        Header(sheet, IndicatorsHeaderRow, IndicatorHeaders);
        var r = IndicatorsHeaderRow + 1;
        FiguresRow(sheet, r++, "Total", content.ScopeLabel, report.Totals);
        foreach (var sector in report.BySector)
        {
            FiguresRow(sheet, r++, "Secteur", content.SectorName(sector.Id), sector.Figures);
        }
        foreach (var category in report.ByCategory)
        {
            FiguresRow(sheet, r++, "Catégorie", content.CategoryName(category.Id), category.Figures);
        }

        r++;
        string[] notes =
        [
            "Problèmes identifiés (indicateur national GPO) : signalements créés pendant la période.",
            "Problèmes résolus (indicateur national GPO) : signalements clos avec l'issue « résolu » pendant la période.",
            "En retard, échéance sous 7 jours, en pause, rouverts, ouverts : situation au jour de l'export.",
            "Part dans les délais : parmi les signalements dont l'échéance tombe dans la période (échue ou déjà traitée), "
                + "y compris ceux encore ouverts et en retard, ceux qui ont reçu une réponse ciblée au plus tard à l'échéance. "
                + $"En dessous de {Proportion.MinimumDenominator} signalements, la part n'est pas calculée (« non significatif »).",
            "Délai médian : médiane (pas la moyenne) des jours entre la création (ou la dernière réouverture) et la première réponse ciblée.",
        ];
        if (content.FollowUpPartial)
        {
            notes = [.. notes, "Suivi : réponses des partenaires partielles (trop de signalements clos sur la période)."];
        }
        foreach (var note in notes)
        {
            Text(sheet.Cell(r++, 1), note);
        }
        sheet.Column(1).Width = 14;
        sheet.Column(2).Width = 34;
        for (var c = 3; c <= IndicatorHeaders.Count; c++)
        {
            sheet.Column(c).Width = 14;
        }
        sheet.Row(IndicatorsHeaderRow).Style.Alignment.WrapText = true;
    }

    private static void FiguresRow(IXLWorksheet sheet, int r, string level, string name, StatusFigures f)
    {
        Text(sheet.Cell(r, 1), level);
        Text(sheet.Cell(r, 2), name);
        int[] counts =
        [
            f.Identified, f.Resolved, f.Issues, f.Open, f.Overdue, f.DueSoon, f.Paused, f.Reopened, f.Closed,
            f.ClosedByOutcome[IssueOutcome.Resolved], f.ClosedByOutcome[IssueOutcome.NotResolved],
            f.ClosedByOutcome[IssueOutcome.OutOfScope], f.ClosedByOutcome[IssueOutcome.Duplicate],
            f.OnTime.Numerator, f.OnTime.Denominator,
        ];
        var c = 3;
        foreach (var count in counts)
        {
            Number(sheet.Cell(r, c++), count);
        }
        var share = sheet.Cell(r, c++);
        if (f.OnTime.Value is { } value)
        {
            share.SetValue(value);
            share.Style.NumberFormat.Format = "0%";
        }
        else
        {
            Text(share, "non significatif");
        }
        var median = sheet.Cell(r, c++);
        if (f.MedianDaysToResponse is { } days)
        {
            median.SetValue(days);
            median.Style.NumberFormat.Format = "0.0";
        }
        Number(sheet.Cell(r, c++), f.ResponsesMeasured);
        Number(sheet.Cell(r, c++), f.FollowUp.Yes);
        Number(sheet.Cell(r, c++), f.FollowUp.Partly);
        Number(sheet.Cell(r, c), f.FollowUp.No);
    }

    /// <summary>The file name offered to the browser: French, dated in Paris time.</summary>
    public static string FileName(DateTimeOffset generatedAt)
    {
        var local = TimeZoneInfo.ConvertTime(generatedAt, ParisTime.Zone);
        return $"Signalements et indicateurs {local:yyyy-MM-dd HH'h'mm}.xlsx";
    }
}

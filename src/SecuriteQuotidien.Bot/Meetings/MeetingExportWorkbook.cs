using ClosedXML.Excel;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Domain.Calendar;
using static SecuriteQuotidien.Bot.Cards.WorkbookCells;

namespace SecuriteQuotidien.Bot.Meetings;

/// <summary>
/// The GPO meeting kit as workbooks (ClosedXML): the agenda (« Ordre du jour », « Diagnostics », « Actions ») and
/// the minutes (« Compte rendu »). Cells are written with <see cref="WorkbookCells"/>: typed text never
/// becomes a formula.
/// </summary>
public static class MeetingExportWorkbook
{
    public const string AgendaSheet = "Ordre du jour";
    public const string DiagnosticsSheet = "Diagnostics";
    public const string ActionsSheet = "Actions";
    public const string MinutesSheet = "Compte rendu";

    /// <summary>The header row of the tables of « Ordre du jour » and « Compte rendu » (a title block comes first).</summary>
    public const int TableHeaderRow = 7;

    public const string PoliceVersion = "Version police : document interne, à ne pas diffuser aux partenaires.";
    public const string PartnerVersion =
        "Version partenaires : sans notes police, sans actions de la police et sans signalements à diffusion restreinte.";

    private static readonly string[] IssueHeaders =
    [
        "Rubrique", "Numéro", "Secteur", "Catégorie", "Lieu", "Statut", "Créé le", "Échéance", "Jours de retard", "Clos le", "Issue",
    ];

    private const string PoliceNoteHeader = "Note police (non visible des partenaires)";

    private static readonly string[] DiagnosticHeaders = ["Diagnostic", "Titre", "Actions faites", "Actions prévues", "Actions en retard"];

    private static readonly string[] ActionHeaders =
    [
        "Rubrique", "Diagnostic", "Titre du diagnostic", "Action", "Texte", "Porteur", "Échéance", "Statut", "En retard", "Faite le", "Commentaire",
    ];

    private static readonly string[] DecisionHeaders =
    [
        "Décision", "Type", "Texte", "Diagnostic", "Porteur", "Échéance", "Signalement", "Mise à jour", "Appliquée le",
    ];

    public static byte[] Build(MeetingAgendaExport agenda)
    {
        ArgumentNullException.ThrowIfNull(agenda);
        return Save(agenda.Title, workbook =>
        {
            var sheet = workbook.Worksheets.Add(AgendaSheet);
            TitleBlock(sheet, agenda.Title, ("Période", agenda.PeriodLabel), ("Situation au", null), ("Version", agenda.ForPolice ? PoliceVersion : PartnerVersion));
            Date(sheet.Cell(3, 2), agenda.Today);
            var headers = agenda.ForPolice ? [.. IssueHeaders, PoliceNoteHeader] : IssueHeaders;
            Table(sheet, TableHeaderRow, headers, agenda.Issues, (row, cells) =>
            {
                cells.Text(row.Section).Text(row.Number).Text(row.Sector).Text(row.Category).Text(row.Site).Text(row.Status)
                    .Date(row.CreatedOn).Date(row.Deadline).Number(row.DaysOverdue).Date(row.ClosedOn).Text(row.Outcome);
                if (agenda.ForPolice)
                {
                    cells.Text(row.PoliceNote);
                }
            });
            if (agenda.Issues.Count == 0)
            {
                Text(sheet.Cell(TableHeaderRow + 1, 1), "Aucun signalement nouveau, en retard ou clos depuis la dernière réunion.");
            }

            Table(workbook.Worksheets.Add(DiagnosticsSheet), 1, DiagnosticHeaders, agenda.Diagnostics, (row, cells) =>
                cells.Text(row.Number).Text(row.Title).Number(row.ActionsDone).Number(row.ActionsTotal).Number(row.LateActions));
            Table(workbook.Worksheets.Add(ActionsSheet), 1, ActionHeaders, agenda.Actions, (row, cells) =>
                cells.Text(row.Section).Text(row.Diagnostic).Text(row.DiagnosticTitle).Text(row.ActionId).Text(row.Text).Text(row.Owner)
                    .Date(row.DueDate).Text(row.Status).Text(row.Late ? "Oui" : "Non").Date(row.DoneOn).Text(row.Comment));
        });
    }

    public static byte[] Build(MeetingMinutesExport minutes)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        return Save(minutes.Title, workbook =>
        {
            var sheet = workbook.Worksheets.Add(MinutesSheet);
            TitleBlock(sheet, minutes.Title, ("Réunion du", null), ("Participants", string.Join(", ", minutes.Attendees)), ("Résumé", minutes.Summary),
                ("Version", minutes.ForPolice ? PoliceVersion : PartnerVersion));
            Date(sheet.Cell(2, 2), minutes.MeetingDate);
            sheet.Cell(4, 2).Style.Alignment.WrapText = true;
            Table(sheet, TableHeaderRow, DecisionHeaders, minutes.Decisions, (row, cells) =>
                cells.Text(row.Id).Text(row.Kind).Text(row.Text).Text(row.Diagnostic).Text(row.Owner).Date(row.DueDate).Text(row.Issue)
                    .Text(row.IssueUpdate).Date(row.AppliedOn));
        });
    }

    /// <summary>"Ordre du jour GPO Gap – hyper-centre 2026-11-20.xlsx": French, dated in Paris time.</summary>
    public static string FileName(string kind, string sectorName, DateTimeOffset generatedAt)
    {
        var local = TimeZoneInfo.ConvertTime(generatedAt, ParisTime.Zone);
        var safe = string.Concat(sectorName.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is '"' or ';' ? ' ' : c));
        return $"{kind} GPO {safe} {local:yyyy-MM-dd HH'h'mm}.xlsx";
    }

    private static byte[] Save(string title, Action<XLWorkbook> write)
    {
        using var workbook = new XLWorkbook();
        workbook.Properties.Title = title;
        workbook.Properties.Author = "Sécurité du Quotidien";
        write(workbook);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    // Row 1 the title, then one "label | value" row per fact (a null value is written by the caller, typed).
    private static void TitleBlock(IXLWorksheet sheet, string title, params (string Label, string? Value)[] facts)
    {
        Text(sheet.Cell(1, 1), title);
        sheet.Cell(1, 1).Style.Font.Bold = true;
        for (var i = 0; i < facts.Length; i++)
        {
            Text(sheet.Cell(i + 2, 1), facts[i].Label);
            Text(sheet.Cell(i + 2, 2), facts[i].Value);
        }
    }

    private static void Table<TRow>(IXLWorksheet sheet, int headerRow, IReadOnlyList<string> headers, IReadOnlyList<TRow> rows, Action<TRow, RowWriter> write)
    {
        Header(sheet, headerRow, headers);
        for (var i = 0; i < rows.Count; i++)
        {
            write(rows[i], new RowWriter(sheet.Row(headerRow + 1 + i)));
        }
        if (rows.Count > 0)
        {
            sheet.Range(headerRow, 1, headerRow + rows.Count, headers.Count).SetAutoFilter();
        }
        sheet.SheetView.FreezeRows(headerRow);
        for (var c = 1; c <= headers.Count; c++)
        {
            sheet.Column(c).Width = 18;
        }
    }

    /// <summary>Writes one table row left to right.</summary>
    private sealed class RowWriter(IXLRow row)
    {
        private int _column = 1;

        public RowWriter Text(string? value)
        {
            WorkbookCells.Text(row.Cell(_column++), value);
            return this;
        }

        public RowWriter Date(DateOnly? value)
        {
            WorkbookCells.Date(row.Cell(_column++), value);
            return this;
        }

        public RowWriter Number(int? value)
        {
            WorkbookCells.Number(row.Cell(_column++), value);
            return this;
        }
    }
}

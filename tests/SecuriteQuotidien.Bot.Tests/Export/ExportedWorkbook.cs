using System.IO.Compression;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using SecuriteQuotidien.Bot.Export;

namespace SecuriteQuotidien.Bot.Tests.Export;

/// <summary>An exported workbook opened with ClosedXML, read by column header.</summary>
public sealed class ExportedWorkbook : IDisposable
{
    private readonly XLWorkbook _workbook;

    public ExportedWorkbook(byte[] bytes)
    {
        Bytes = bytes;
        _workbook = new XLWorkbook(new MemoryStream(bytes));
    }

    public byte[] Bytes { get; }

    public IXLWorksheet Issues => _workbook.Worksheet(ExportWorkbook.IssuesSheet);
    public IXLWorksheet Indicators => _workbook.Worksheet(ExportWorkbook.IndicatorsSheet);

    public IReadOnlyList<string> SheetNames => [.. _workbook.Worksheets.Select(w => w.Name)];

    /// <summary>The « Signalements » rows (header row 1) as header → cell, in sheet order.</summary>
    public IReadOnlyList<Dictionary<string, IXLCell>> IssueRows => Table(Issues, 1);

    /// <summary>The « Indicateurs » table rows as header → cell.</summary>
    public IReadOnlyList<Dictionary<string, IXLCell>> IndicatorRows => Table(Indicators, ExportWorkbook.IndicatorsHeaderRow);

    public IReadOnlyList<string> IssueHeaders => Headers(Issues, 1);

    /// <summary>The indicator row of <paramref name="name"/> (« Total » row: the scope label).</summary>
    public Dictionary<string, IXLCell> IndicatorRow(string level, string name) =>
        IndicatorRows.Single(r => r["Niveau"].GetString() == level && r["Nom"].GetString() == name);

    /// <summary>Every text of the file as stored in its parts (shared strings, inline strings, properties).</summary>
    public string RawXml()
    {
        using var zip = new ZipArchive(new MemoryStream(Bytes), ZipArchiveMode.Read);
        return string.Concat(zip.Entries.Select(e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        }));
    }

    /// <summary>Errors of the official Open XML SDK validator.</summary>
    public IReadOnlyList<string> ValidationErrors()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(Bytes), false);
        return [.. new OpenXmlValidator().Validate(document).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")];
    }

    /// <summary>The texts of a table's header row.</summary>
    public static List<string> Headers(IXLWorksheet sheet, int headerRow) =>
        [.. sheet.Row(headerRow).CellsUsed().Select(c => c.GetString())];

    /// <summary>The rows under <paramref name="headerRow"/> down to the first empty cell of column A, as header → cell.</summary>
    public static List<Dictionary<string, IXLCell>> Table(IXLWorksheet sheet, int headerRow)
    {
        var headers = Headers(sheet, headerRow);
        var rows = new List<Dictionary<string, IXLCell>>();
        for (var r = headerRow + 1; !sheet.Cell(r, 1).IsEmpty(); r++)
        {
            rows.Add(headers.Select((h, i) => (h, Cell: sheet.Cell(r, i + 1))).ToDictionary(x => x.h, x => x.Cell));
        }
        return rows;
    }

    public void Dispose() => _workbook.Dispose();
}

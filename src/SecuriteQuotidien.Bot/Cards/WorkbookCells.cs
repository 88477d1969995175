using ClosedXML.Excel;

namespace SecuriteQuotidien.Bot.Cards;

/// <summary>
/// The cells of the Excel files the bot offers (ClosedXML), written the same way by every feature. Text typed by
/// people (description, address, notes...) is always stored as a string cell, never parsed: a description starting
/// with "=", "+", "-" or "@" stays text (no formula, no CSV injection once saved as CSV), and such cells also carry
/// Excel's quote prefix so that editing them keeps them text.
/// </summary>
public static class WorkbookCells
{
    private const string DateFormat = "dd/mm/yyyy";

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>A bold header row of text cells.</summary>
    public static void Header(IXLWorksheet sheet, int row, IReadOnlyList<string> headers)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            Text(sheet.Cell(row, i + 1), headers[i]);
        }
        sheet.Row(row).Style.Font.Bold = true;
    }

    /// <summary>A string cell, whatever the text looks like (formula, number, date).</summary>
    public static void Text(IXLCell cell, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        cell.SetValue(value);
        cell.DataType = XLDataType.Text;
        if (value.IndexOfAny(FormulaStarts) == 0)
        {
            cell.Style.IncludeQuotePrefix = true;
        }
    }

    public static void Number(IXLCell cell, int? value)
    {
        if (value is { } number)
        {
            cell.SetValue(number);
        }
    }

    public static void Date(IXLCell cell, DateOnly? value)
    {
        if (value is { } date)
        {
            cell.SetValue(date.ToDateTime(TimeOnly.MinValue));
            cell.Style.DateFormat.Format = DateFormat;
        }
    }
}

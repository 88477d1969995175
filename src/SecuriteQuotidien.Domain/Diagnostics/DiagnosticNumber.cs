using System.Diagnostics.CodeAnalysis;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Diagnostics;

/// <summary>
/// The number of a shared diagnostic, e.g. <c>D05-2026-0007</c>: "D", then department code, year of
/// opening and sequence within that department and year, written like an issue number. The "D" keeps
/// the two apart in any text.
/// </summary>
public readonly record struct DiagnosticNumber : IComparable<DiagnosticNumber>
{
    private const char Prefix = 'D';
    // Same parts and rules as an issue number: reuse its validation and parsing.
    private readonly IssueNumber _parts;

    public DiagnosticNumber(string departmentCode, int year, int sequence) => _parts = new IssueNumber(departmentCode, year, sequence);

    public string DepartmentCode => _parts.DepartmentCode;
    public int Year => _parts.Year;
    public int Sequence => _parts.Sequence;

    public override string ToString() => Prefix + _parts.ToString();

    public static DiagnosticNumber Parse(string text) =>
        TryParse(text, out var number)
            ? number
            : throw new FormatException($"Numéro de diagnostic invalide : « {text} » (attendu : D05-2026-0007).");

    public static bool TryParse([NotNullWhen(true)] string? text, out DiagnosticNumber number)
    {
        number = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || char.ToUpperInvariant(trimmed[0]) != Prefix
            || !IssueNumber.TryParse(trimmed[1..], out var parts))
        {
            return false;
        }
        number = new DiagnosticNumber(parts.DepartmentCode, parts.Year, parts.Sequence);
        return true;
    }

    public int CompareTo(DiagnosticNumber other) => _parts.CompareTo(other._parts);
}

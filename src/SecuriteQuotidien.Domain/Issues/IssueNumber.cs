using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SecuriteQuotidien.Domain.Issues;

/// <summary>
/// The number of a signalement, e.g. <c>05-2026-0042</c>: department code, year of creation,
/// sequence within that department and year (at least four digits).
/// </summary>
public readonly partial record struct IssueNumber : IComparable<IssueNumber>
{
    public IssueNumber(string departmentCode, int year, int sequence)
    {
        if (!DepartmentCodePattern().IsMatch(departmentCode ?? ""))
        {
            throw new ArgumentException($"Code de département invalide : « {departmentCode} ».", nameof(departmentCode));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 2000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        DepartmentCode = departmentCode!;
        Year = year;
        Sequence = sequence;
    }

    public string DepartmentCode { get; }
    public int Year { get; }
    public int Sequence { get; }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{DepartmentCode}-{Year:D4}-{Sequence:D4}");

    public static IssueNumber Parse(string text) =>
        TryParse(text, out var number)
            ? number
            : throw new FormatException($"Numéro de signalement invalide : « {text} » (attendu : 05-2026-0042).");

    public static bool TryParse([NotNullWhen(true)] string? text, out IssueNumber number)
    {
        number = default;
        var match = text is null ? null : NumberPattern().Match(text.Trim());
        if (match is null || !match.Success)
        {
            return false;
        }
        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (!int.TryParse(match.Groups["seq"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || sequence < 1 || year < 2000)
        {
            return false;
        }
        number = new IssueNumber(match.Groups["dept"].Value.ToUpperInvariant(), year, sequence);
        return true;
    }

    public int CompareTo(IssueNumber other)
    {
        var byDepartment = string.CompareOrdinal(DepartmentCode, other.DepartmentCode);
        if (byDepartment != 0)
        {
            return byDepartment;
        }
        return Year != other.Year ? Year.CompareTo(other.Year) : Sequence.CompareTo(other.Sequence);
    }

    // Metropolitan codes (01..95, 2A, 2B) and overseas codes (971..976).
    [GeneratedRegex("^(?:[0-9]{2,3}|2[AB])$", RegexOptions.CultureInvariant)]
    private static partial Regex DepartmentCodePattern();

    [GeneratedRegex("^(?<dept>[0-9]{2,3}|2[ABab])-(?<year>[0-9]{4})-(?<seq>[0-9]{4,9})$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SecuriteQuotidien.Storage.Tables;

/// <summary>Makes any text safe as a PartitionKey or RowKey part.</summary>
internal static class TableKey
{
    /// <summary>Separator between parts of a composite key; escaped inside parts.</summary>
    public const char Separator = '|';
    private const int MaxLength = 255;

    /// <summary>
    /// Escapes the characters Table keys forbid (/ \ # ? and control characters) plus the separator and '%',
    /// as %XXXX. Very long values become a hash so the 1 KiB key limit holds.
    /// </summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' or Separator || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        if (builder.Length <= MaxLength)
        {
            return builder.ToString();
        }
        return "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
    }

    public static string Join(params string[] parts) => string.Join(Separator, parts.Select(Escape));

    /// <summary>A filter of the rows of a partition whose RowKey starts with <paramref name="prefix"/>.</summary>
    public static string PrefixFilter(string partitionKey, string prefix) =>
        Azure.Data.Tables.TableClient.CreateQueryFilter(
            $"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}");

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

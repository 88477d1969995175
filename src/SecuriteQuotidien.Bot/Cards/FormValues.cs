using System.Globalization;
using System.Text.Json.Nodes;

namespace SecuriteQuotidien.Bot.Cards;

/// <summary>
/// Reads a form's values from card data, which is untrusted input: a value is text or it is missing (a forged
/// number, object or array counts as missing), and the French checks of required and bounded texts.
/// </summary>
public static class FormValues
{
    /// <summary>A text value of card data, or null when it is missing or not text.</summary>
    public static string? Text(JsonObject data, string field)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }

    /// <summary>The values of <paramref name="fields"/> as text, "" for a missing or non-text one.</summary>
    /// <summary>A page number of card data (a number or its text), within 0 and <paramref name="maxPage"/>; 0 when missing or forged.</summary>
    public static int PageIndex(JsonObject data, string field, int maxPage)
    {
        ArgumentNullException.ThrowIfNull(data);
        var node = data[field] as JsonValue;
        var page = node?.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.Number when node.TryGetValue<int>(out var n) => n,
            System.Text.Json.JsonValueKind.String when int.TryParse(node.GetValue<string>(), out var s) => s,
            _ => 0,
        };
        return Math.Clamp(page, 0, maxPage);
    }

    public static Dictionary<string, string> Read(JsonObject data, IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return fields.Distinct(StringComparer.Ordinal).ToDictionary(f => f, f => Text(data, f) ?? "", StringComparer.Ordinal);
    }

    /// <summary>A date as Input.Date sends it (yyyy-MM-dd); false for anything else.</summary>
    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>"Ce texte ne doit pas dépasser 1000 caractères (actuellement 1012)."</summary>
    public static string TooLong(int maxLength, int length) =>
        $"Ce texte ne doit pas dépasser {maxLength} caractères (actuellement {length}).";

    /// <summary>A text that must be given (else <paramref name="missing"/>) and, trimmed, fit in <paramref name="maxLength"/>.</summary>
    public static void Required(IReadOnlyDictionary<string, string> values, string field, int maxLength, string missing, IDictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(values[field]))
        {
            errors[field] = missing;
            return;
        }
        Bounded(values, field, maxLength, errors);
    }

    /// <summary>An optional text that, trimmed, must fit in <paramref name="maxLength"/>.</summary>
    public static void Bounded(IReadOnlyDictionary<string, string> values, string field, int maxLength, IDictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(errors);
        var length = values[field].Trim().Length;
        if (length > maxLength)
        {
            errors[field] = TooLong(maxLength, length);
        }
    }
}

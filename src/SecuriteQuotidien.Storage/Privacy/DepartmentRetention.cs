using System.Text.Json;
using SecuriteQuotidien.Domain.Privacy;

namespace SecuriteQuotidien.Storage.Privacy;

/// <summary>
/// The optional "retention" section of the department file: the department's delays, which override the
/// <c>Retention</c> configuration section. Example:
/// <c>"retention": { "anonymiseClosedIssuesAfterMonths": 24, "purgeProcessedActivitiesAfterDays": 7, "purgeSettledOutboxMessagesAfterDays": 30 }</c>.
/// The pseudonym key is a secret and never comes from this file.
/// </summary>
public static class DepartmentRetention
{
    public const string SectionName = "retention";

    private static readonly string[] Known =
        ["anonymiseClosedIssuesAfterMonths", "purgeProcessedActivitiesAfterDays", "purgeSettledOutboxMessagesAfterDays"];

    /// <summary>
    /// <paramref name="options"/> with the delays the department file sets. Throws <see cref="FormatException"/> naming the
    /// field when the section has an unknown field or a value that is not a positive whole number.
    /// </summary>
    public static RetentionOptions Apply(RetentionOptions options, string departmentFileJson)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var document = JsonDocument.Parse(departmentFileJson, new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        var section = document.RootElement.EnumerateObject()
            .FirstOrDefault(p => string.Equals(p.Name, SectionName, StringComparison.OrdinalIgnoreCase)).Value;
        if (section.ValueKind == JsonValueKind.Undefined)
        {
            return options;
        }
        if (section.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("retention : un objet est attendu.");
        }
        var values = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in section.EnumerateObject())
        {
            if (!Known.Contains(field.Name, StringComparer.OrdinalIgnoreCase))
            {
                throw new FormatException($"retention.{field.Name} : champ inconnu (attendus : {string.Join(", ", Known)}).");
            }
            if (field.Value.ValueKind != JsonValueKind.Number || !field.Value.TryGetInt32(out var value) || value < 1)
            {
                throw new FormatException($"retention.{field.Name} : un nombre entier positif est attendu.");
            }
            values[field.Name] = value;
        }
        return options with
        {
            AnonymiseClosedIssuesAfterMonths = values.GetValueOrDefault(Known[0], options.AnonymiseClosedIssuesAfterMonths),
            PurgeProcessedActivitiesAfterDays = values.GetValueOrDefault(Known[1], options.PurgeProcessedActivitiesAfterDays),
            PurgeSettledOutboxMessagesAfterDays = values.GetValueOrDefault(Known[2], options.PurgeSettledOutboxMessagesAfterDays),
        };
    }
}

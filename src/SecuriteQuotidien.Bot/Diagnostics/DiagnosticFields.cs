using System.Globalization;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Domain.Diagnostics;

namespace SecuriteQuotidien.Bot.Diagnostics;

/// <summary>Input ids of the diagnostics forms.</summary>
public static class DiagnosticFields
{
    public const string Title = "titre";
    public const string Issues = "signalements";
    public const string Origin = "origine";
    public const string Constat = "constat";
    public const string Hypotheses = "hypotheses";
    public const string Actors = "acteurs";
    public const string ActionText = "action";
    public const string Owner = "porteur";
    public const string DueDate = "echeance";
    public const string ActionId = "actionId";
    public const string ActionStatus = "statut";
    public const string Comment = "commentaire";
    public const string Method = "methode";
    public const string Assessment = "appreciation";
    public const string NoteText = "note";
    public const string Answer = "reponse";
    public const string GroupKey = "groupe";
}

/// <summary>What every button of a diagnostic card carries: the diagnostic and the version it showed.</summary>
public sealed record DiagnosticRef(string SectorId, DiagnosticNumber Number, int Version)
{
    public const string SectorField = "secteur";
    public const string NumberField = "diagnostic";
    public const string VersionField = "version";

    public static DiagnosticRef Of(Diagnostic diagnostic) => new(diagnostic.SectorId, diagnostic.Number, diagnostic.Version);

    public JsonObject ToData(string? actionId = null)
    {
        var data = new JsonObject
        {
            [SectorField] = SectorId,
            [NumberField] = Number.ToString(),
            [VersionField] = Version.ToString(CultureInfo.InvariantCulture),
        };
        if (actionId is not null)
        {
            data[DiagnosticFields.ActionId] = actionId;
        }
        return data;
    }

    public static DiagnosticRef? Read(JsonObject data)
    {
        var sector = Text(data, SectorField);
        return sector is not null && DiagnosticNumber.TryParse(Text(data, NumberField), out var number)
            ? new DiagnosticRef(sector, number, int.TryParse(Text(data, VersionField), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
            : null;
    }

    /// <summary>A text field of card data, or null (a forged non-text value counts as missing).</summary>
    public static string? Text(JsonObject data, string field) =>
        data[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

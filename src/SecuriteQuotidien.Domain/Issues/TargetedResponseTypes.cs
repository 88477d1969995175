namespace SecuriteQuotidien.Domain.Issues;

/// <summary>A kind of targeted response: its value on the referent's form and its French label.</summary>
public sealed record TargetedResponseType(string Label, string Value);

/// <summary>
/// The kinds of targeted response, with their French labels. The label starts the text of the recorded
/// response ("Patrouille ciblée, 12 octobre 2026 : …"), which is how the export reads the type back.
/// </summary>
public static class TargetedResponseTypes
{
    public static IReadOnlyList<TargetedResponseType> All { get; } =
    [
        new("Patrouille ciblée", "patrouille-ciblee"),
        new("Opération de police", "operation-de-police"),
        new("Médiation", "mediation"),
        new("Orientation vers un partenaire", "orientation-partenaire"),
        new("Procédure judiciaire", "procedure-judiciaire"),
        new("Vidéoprotection", "videoprotection"),
        new("Aménagement / prévention situationnelle", "amenagement-prevention"),
        new("Autre", "autre"),
    ];

    public static string? LabelOf(string? value) => All.FirstOrDefault(t => t.Value == value)?.Label;
}

using System.Text.Json.Nodes;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Storage.Departments;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests.Diagnostics;

public sealed class DiagnosticsConfigurationTests
{
    private static readonly string ShippedJson = File.ReadAllText(RepoPaths.Combine("departments", "hautes-alpes.json"));

    [Fact]
    public void Shipped_file_offers_every_evaluation_kind_and_the_hotspot_thresholds()
    {
        var directory = DepartmentFileLoader.Parse(ShippedJson, "hautes-alpes.json");
        var settings = directory.Diagnostics;

        Assert.Equal(3, settings.Hotspot.MinIssues);
        Assert.Equal(28, settings.Hotspot.WindowDays);
        Assert.True(settings.Hotspot.BySite);
        Assert.True(settings.Hotspot.ByCategory);
        Assert.Equal([7, 1], settings.ActionReminderDaysBefore);
        Assert.Equal(Enum.GetValues<EvaluationMethodKind>().Order(), settings.EvaluationMethods.Select(m => m.Kind).Order());
        var survey = settings.FindMethod("enquete-partenaires")!;
        Assert.Equal(EvaluationMethodKind.PartnerSurvey, survey.Kind);
        Assert.Equal(4, survey.Answers.Count);
        Assert.EndsWith("?", survey.Question);
        Assert.Equal(8, settings.FindMethod("sans-signalement-8-semaines")!.Weeks);
        Assert.Contains(directory.Organisations, o => o.Id == "habitat-alpin");
    }

    [Fact]
    public void Without_the_sections_the_defaults_apply()
    {
        var json = JsonNode.Parse(ShippedJson)!.AsObject();
        json.Remove("diagnostics");
        json.Remove("evaluation");

        var settings = DepartmentFileLoader.Parse(json.ToJsonString(), "sans-sections.json").Diagnostics;

        Assert.Equal(DiagnosticSettings.Default.Hotspot, settings.Hotspot);
        Assert.Equal(DiagnosticSettings.DefaultMethods.Select(m => m.Id), settings.EvaluationMethods.Select(m => m.Id));
    }

    [Fact]
    public void Partial_hotspot_section_keeps_the_defaults_of_missing_fields()
    {
        var json = JsonNode.Parse(ShippedJson)!.AsObject();
        json["diagnostics"] = JsonNode.Parse("""{ "hotspot": { "minIssues": 5 } }""");

        var settings = DepartmentFileLoader.Parse(json.ToJsonString(), "partiel.json").Diagnostics;

        Assert.Equal(5, settings.Hotspot.MinIssues);
        Assert.Equal(28, settings.Hotspot.WindowDays);
        Assert.Equal([7, 1], settings.ActionReminderDaysBefore);
    }

    public static TheoryData<string, string, string> Breakages => new()
    {
        { "diagnostics", """{ "hotspot": { "minIssues": 1 } }""", "diagnostics.hotspot.minIssues: valeur attendue entre 2 et 100" },
        { "diagnostics", """{ "hotspot": { "windowDays": 0 } }""", "diagnostics.hotspot.windowDays: valeur attendue entre 1 et 366" },
        { "diagnostics", """{ "actionReminderDaysBefore": [7, -1] }""", "diagnostics.actionReminderDaysBefore[1]: valeur attendue entre 0 et 90" },
        { "diagnostics", """{ "hotspot": { "seuil": 3 } }""", "champ inconnu" },
        { "evaluation", """{ "methods": [] }""", "evaluation.methods: au moins une méthode d'évaluation attendue" },
        { "evaluation", """{ "methods": [ { "id": "x", "kind": "sondage", "label": "X" } ] }""", "evaluation.methods[0].kind: valeur attendue parmi" },
        { "evaluation", """{ "methods": [ { "id": "x", "kind": "sans-signalement", "label": "X" } ] }""", "evaluation.methods[0].weeks: valeur obligatoire" },
        { "evaluation", """{ "methods": [ { "id": "x", "kind": "enquete", "label": "X", "question": "Q ?", "answers": ["Oui"] } ] }""",
            "evaluation.methods[0].answers: au moins deux réponses attendues" },
        { "evaluation", """{ "methods": [ { "id": "x", "kind": "enquete", "label": "X", "answers": ["Oui", "Non"] } ] }""",
            "evaluation.methods[0].question: valeur obligatoire" },
        { "evaluation", """{ "methods": [ { "id": "a", "kind": "qualitatif", "label": "A" }, { "id": "a", "kind": "avant-apres", "label": "B" } ] }""",
            "evaluation.methods[1].id: identifiant en double « a »" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void Bad_section_fails_the_load_naming_the_field(string section, string value, string expected)
    {
        var json = JsonNode.Parse(ShippedJson)!.AsObject();
        json[section] = JsonNode.Parse(value);

        var error = Assert.Throws<DepartmentFileException>(() => DepartmentFileLoader.Parse(json.ToJsonString(), "casse.json"));

        Assert.Contains(error.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }
}

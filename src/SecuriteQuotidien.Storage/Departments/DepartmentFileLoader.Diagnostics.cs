using SecuriteQuotidien.Domain.Diagnostics;

namespace SecuriteQuotidien.Storage.Departments;

// The optional "diagnostics" and "evaluation" sections of the department file.
internal sealed class DiagnosticsFile
{
    public HotspotFile? Hotspot { get; set; }
    public List<int?>? ActionReminderDaysBefore { get; set; }
}

internal sealed class HotspotFile
{
    public int? MinIssues { get; set; }
    public int? WindowDays { get; set; }
    public bool? BySite { get; set; }
    public bool? ByCategory { get; set; }
}

internal sealed class EvaluationFile
{
    public List<EvaluationMethodFile?>? Methods { get; set; }
}

internal sealed class EvaluationMethodFile
{
    public string? Id { get; set; }
    public string? Kind { get; set; }
    public string? Label { get; set; }
    public int? Weeks { get; set; }
    public string? Question { get; set; }
    public List<string?>? Answers { get; set; }
}

public static partial class DepartmentFileLoader
{
    public const int MaxHotspotWindowDays = 366;
    public const int MaxNoNewIssueWeeks = 104;

    private sealed partial class Validator
    {
        private DiagnosticSettings BuildDiagnostics(DiagnosticsFile? diagnostics, EvaluationFile? evaluation)
        {
            var defaults = DiagnosticSettings.Default;
            var hotspot = diagnostics?.Hotspot;
            var settings = new DiagnosticSettings
            {
                Hotspot = new HotspotSettings
                {
                    MinIssues = Bounded("diagnostics.hotspot.minIssues", hotspot?.MinIssues, defaults.Hotspot.MinIssues, 2, 100),
                    WindowDays = Bounded("diagnostics.hotspot.windowDays", hotspot?.WindowDays, defaults.Hotspot.WindowDays, 1, MaxHotspotWindowDays),
                    BySite = hotspot?.BySite ?? defaults.Hotspot.BySite,
                    ByCategory = hotspot?.ByCategory ?? defaults.Hotspot.ByCategory,
                },
                ActionReminderDaysBefore = diagnostics?.ActionReminderDaysBefore is { } days
                    ? [.. days.Select((d, i) => Bounded($"diagnostics.actionReminderDaysBefore[{i}]", d, 0, 0, 90)).Distinct().OrderDescending()]
                    : defaults.ActionReminderDaysBefore,
                EvaluationMethods = evaluation?.Methods is null ? defaults.EvaluationMethods : BuildMethods(evaluation.Methods),
            };
            return settings;
        }

        private List<EvaluationMethod> BuildMethods(List<EvaluationMethodFile?> items)
        {
            if (items.Count == 0)
            {
                Error("evaluation.methods", "au moins une méthode d'évaluation attendue");
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var methods = new List<EvaluationMethod>();
            foreach (var (item, path) in Each(items, "evaluation.methods"))
            {
                var kind = Choice($"{path}.kind", item.Kind, EvaluationKinds);
                var method = new EvaluationMethod
                {
                    Id = Slug($"{path}.id", item.Id, seen),
                    Kind = kind,
                    Label = Text($"{path}.label", item.Label),
                    Weeks = kind == EvaluationMethodKind.NoNewIssue ? Bounded($"{path}.weeks", item.Weeks, 0, 1, MaxNoNewIssueWeeks) : 0,
                };
                if (kind == EvaluationMethodKind.PartnerSurvey)
                {
                    var answers = (item.Answers ?? []).Select((a, i) => Text($"{path}.answers[{i}]", a)).ToList();
                    if (answers.Count < 2)
                    {
                        Error($"{path}.answers", "au moins deux réponses attendues");
                    }
                    if (answers.Distinct(StringComparer.Ordinal).Count() != answers.Count)
                    {
                        Error($"{path}.answers", "réponses en double");
                    }
                    method = method with { Question = Text($"{path}.question", item.Question), Answers = answers };
                }
                methods.Add(method);
            }
            return methods;
        }

        // A missing value takes the default; a present one must lie in [min, max].
        private int Bounded(string path, int? value, int defaultValue, int min, int max)
        {
            if (value is null)
            {
                if (defaultValue < min)
                {
                    Error(path, "valeur obligatoire");
                }
                return defaultValue;
            }
            if (value < min || value > max)
            {
                Error(path, $"valeur attendue entre {min} et {max}");
            }
            return value.Value;
        }

        private static readonly Dictionary<string, EvaluationMethodKind> EvaluationKinds =
            new(EvaluationMethod.Keywords, StringComparer.OrdinalIgnoreCase);
    }
}

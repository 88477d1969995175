namespace SecuriteQuotidien.Domain.Diagnostics;

/// <summary>The evaluation methods the department file may offer (<c>evaluation.methods[].kind</c>).</summary>
public enum EvaluationMethodKind
{
    /// <summary><c>avant-apres</c>: issue counts over the same length of period before and after the start.</summary>
    BeforeAfter,
    /// <summary><c>avant-apres-saison</c>: the after period against the same ISO weeks of the previous year.</summary>
    BeforeAfterSeasonal,
    /// <summary><c>retours-partenaires</c>: the partners' follow-up answers (Oui / En partie / Non) on the linked issues.</summary>
    FollowUpAnswers,
    /// <summary><c>enquete</c>: a short partner survey by card; counts per answer.</summary>
    PartnerSurvey,
    /// <summary><c>sans-signalement</c>: no new issue in scope for N weeks.</summary>
    NoNewIssue,
    /// <summary><c>qualitatif</c>: a free assessment written by the police.</summary>
    Qualitative,
}

/// <summary>One entry of the department's evaluation menu.</summary>
public sealed record EvaluationMethod
{
    public required string Id { get; init; }
    public required EvaluationMethodKind Kind { get; init; }
    /// <summary>French label shown in the menu.</summary>
    public required string Label { get; init; }
    /// <summary><see cref="EvaluationMethodKind.NoNewIssue"/>: the number of weeks without a new issue that counts as success.</summary>
    public int Weeks { get; init; }
    /// <summary><see cref="EvaluationMethodKind.PartnerSurvey"/>: the question asked on the card.</summary>
    public string? Question { get; init; }
    /// <summary><see cref="EvaluationMethodKind.PartnerSurvey"/>: the answer choices, in display order.</summary>
    public IReadOnlyList<string> Answers { get; init; } = [];

    /// <summary>The kind's keyword in the department file.</summary>
    public static IReadOnlyDictionary<string, EvaluationMethodKind> Keywords { get; } = new Dictionary<string, EvaluationMethodKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["avant-apres"] = EvaluationMethodKind.BeforeAfter,
        ["avant-apres-saison"] = EvaluationMethodKind.BeforeAfterSeasonal,
        ["retours-partenaires"] = EvaluationMethodKind.FollowUpAnswers,
        ["enquete"] = EvaluationMethodKind.PartnerSurvey,
        ["sans-signalement"] = EvaluationMethodKind.NoNewIssue,
        ["qualitatif"] = EvaluationMethodKind.Qualitative,
    };
}

/// <summary>When the bot suggests a diagnostic (department file <c>diagnostics.hotspot</c>).</summary>
public sealed record HotspotSettings
{
    /// <summary>Minimum issues of one group within the window (default 3).</summary>
    public int MinIssues { get; init; } = 3;
    /// <summary>The window, in days up to today included (default 28).</summary>
    public int WindowDays { get; init; } = 28;
    /// <summary>Group by sector and site (default true).</summary>
    public bool BySite { get; init; } = true;
    /// <summary>Group by sector and category (default true).</summary>
    public bool ByCategory { get; init; } = true;
}

/// <summary>The diagnostics settings of a department: hotspot thresholds, action reminders, evaluation menu.</summary>
public sealed record DiagnosticSettings
{
    // Before Default: static initialisers run in order, and Default reads this list.
    public static IReadOnlyList<EvaluationMethod> DefaultMethods { get; } =
    [
        new() { Id = "avant-apres", Kind = EvaluationMethodKind.BeforeAfter, Label = "Nombre de signalements avant / après" },
        new() { Id = "avant-apres-saison", Kind = EvaluationMethodKind.BeforeAfterSeasonal, Label = "Nombre de signalements par rapport aux mêmes semaines de l'an dernier" },
        new() { Id = "retours-partenaires", Kind = EvaluationMethodKind.FollowUpAnswers, Label = "Retours des partenaires (le problème persiste-t-il ?)" },
        new()
        {
            Id = "enquete", Kind = EvaluationMethodKind.PartnerSurvey, Label = "Courte enquête auprès des partenaires",
            Question = "La situation s'est-elle améliorée depuis le début du diagnostic ?",
            Answers = ["Nettement améliorée", "Un peu améliorée", "Inchangée", "Dégradée"],
        },
        new() { Id = "sans-signalement", Kind = EvaluationMethodKind.NoNewIssue, Label = "Aucun nouveau signalement depuis 8 semaines", Weeks = 8 },
        new() { Id = "qualitatif", Kind = EvaluationMethodKind.Qualitative, Label = "Appréciation qualitative libre" },
    ];

    public static DiagnosticSettings Default { get; } = new();

    public HotspotSettings Hotspot { get; init; } = new();

    /// <summary>Days before an action's due date when its owner is reminded (department file <c>diagnostics.actionReminderDaysBefore</c>, default 7 and 1).</summary>
    public IReadOnlyList<int> ActionReminderDaysBefore { get; init; } = [7, 1];

    /// <summary>The evaluation menu (department file <c>evaluation.methods</c>); the default offers one method of each kind.</summary>
    public IReadOnlyList<EvaluationMethod> EvaluationMethods { get; init; } = DefaultMethods;

    public EvaluationMethod? FindMethod(string methodId) =>
        EvaluationMethods.FirstOrDefault(m => string.Equals(m.Id, methodId, StringComparison.Ordinal));
}

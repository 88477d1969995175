using System.Globalization;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Domain.Diagnostics;

/// <summary>A span of local dates, both ends included.</summary>
public sealed record DatePeriod(DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;
    public bool Contains(DateOnly day) => From <= day && day <= To;
    /// <summary>"du 1er mars 2026 au 28 mars 2026".</summary>
    public string ToFrench() => $"du {FrenchDateFormat.Long(From)} au {FrenchDateFormat.Long(To)}";
}

/// <summary>
/// The issues a diagnostic is about: same sector, one of the linked categories and, when every linked issue
/// has a known site, one of those sites (otherwise anywhere in the sector).
/// </summary>
public sealed record EvaluationScope(string SectorId, IReadOnlySet<string> CategoryIds, IReadOnlySet<string> SiteIds)
{
    public static EvaluationScope Of(Diagnostic diagnostic, PartnerConfidentiality? partnerSafe = null)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        var linked = diagnostic.LinkedIssues.Where(i => partnerSafe is null || partnerSafe.IsVisibleToPartners(i)).ToList();
        var sites = linked.Count > 0 && linked.All(i => i.SiteId is not null)
            ? linked.Select(i => i.SiteId!).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
        return new EvaluationScope(diagnostic.SectorId, linked.Select(i => i.CategoryId).ToHashSet(StringComparer.Ordinal), sites);
    }

    public bool Contains(IssueFacts issue) =>
        issue.SectorId == SectorId && CategoryIds.Contains(issue.CategoryId)
        && (SiteIds.Count == 0 || (issue.SiteId is not null && SiteIds.Contains(issue.SiteId)));
}

/// <summary>What the calculator reads besides the diagnostic.</summary>
public sealed record EvaluationInputs
{
    /// <summary>Today's local date; the day is incomplete, so periods end the day before.</summary>
    public required DateOnly Today { get; init; }
    /// <summary>The department's time zone (for the diagnostic's local start date).</summary>
    public required TimeZoneInfo TimeZone { get; init; }
    /// <summary>The sector's issues (at least those since the same weeks of the previous year, for the seasonal method).</summary>
    public IReadOnlyList<IssueFacts> SectorIssues { get; init; } = [];
    /// <summary>Survey answers of this diagnostic.</summary>
    public IReadOnlyList<SurveyAnswer> SurveyAnswers { get; init; } = [];
    /// <summary>When set, restricted categories are left out of every count: the result may be shown to partners.</summary>
    public PartnerConfidentiality? PartnerSafe { get; init; }
}

/// <summary>Issue counts of two periods.</summary>
public sealed record CountComparison(DatePeriod Before, int BeforeCount, DatePeriod After, int AfterCount)
{
    /// <summary>Relative change in percent, rounded half away from zero; null when there was nothing before.</summary>
    public int? ChangePercent => BeforeCount == 0
        ? null
        : (int)Math.Round((AfterCount - BeforeCount) * 100m / BeforeCount, MidpointRounding.AwayFromZero);
}

/// <summary>The outcome of an evaluation method for a diagnostic, with French sentences for the card.</summary>
public sealed record EvaluationResult
{
    public required EvaluationMethod Method { get; init; }
    /// <summary>False when there is nothing to compute yet (too early, no answer); the sentences say why.</summary>
    public required bool Computed { get; init; }
    public required IReadOnlyList<string> Sentences { get; init; }
    public CountComparison? Counts { get; init; }
    /// <summary>Answer label → count, in the method's order (follow-up: Oui, En partie, Non).</summary>
    public IReadOnlyList<KeyValuePair<string, int>> AnswerCounts { get; init; } = [];
    /// <summary><see cref="EvaluationMethodKind.NoNewIssue"/>: whether the weeks without a new issue are reached.</summary>
    public bool? Achieved { get; init; }
}

/// <summary>
/// Computes the evaluation of a diagnostic. Definitions (local dates; S = the diagnostic's opening date, T = today):
/// <list type="bullet">
/// <item>Before/after: after = S … T−1 (L = T − S whole days); before = the L days just before S. Nothing to compare on the opening day.</item>
/// <item>Season-aware: after as above; the reference is the same ISO weeks and weekdays of the previous ISO year
/// (week 53 maps to week 52 when the previous year has none), so weekends and school holidays line up.</item>
/// <item>Counts: issues in <see cref="EvaluationScope"/> created on a day of the period.</item>
/// <item>Follow-up answers: the latest answer of each linked issue, as Oui / En partie / Non counts.</item>
/// <item>Survey: the latest answer of each respondent, counted per answer choice.</item>
/// <item>No new issue: days since the latest in-scope issue created on or after S (or since S when none) against N weeks.</item>
/// </list>
/// </summary>
public static class EvaluationCalculator
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static EvaluationResult Compute(Diagnostic diagnostic, EvaluationMethod method, EvaluationInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(inputs);
        var start = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(diagnostic.OpenedAt, inputs.TimeZone).DateTime);
        var scope = EvaluationScope.Of(diagnostic, inputs.PartnerSafe);
        var inScope = inputs.SectorIssues.Where(scope.Contains)
            .Where(i => inputs.PartnerSafe is null || inputs.PartnerSafe.IsVisibleToPartners(i))
            .DistinctBy(i => i.Number).ToList();
        return method.Kind switch
        {
            EvaluationMethodKind.BeforeAfter => BeforeAfter(method, start, inputs.Today, inScope, seasonal: false),
            EvaluationMethodKind.BeforeAfterSeasonal => BeforeAfter(method, start, inputs.Today, inScope, seasonal: true),
            EvaluationMethodKind.FollowUpAnswers => FollowUps(method, diagnostic, inputs),
            EvaluationMethodKind.PartnerSurvey => Survey(method, diagnostic, inputs.SurveyAnswers),
            EvaluationMethodKind.NoNewIssue => NoNewIssue(method, start, inputs.Today, inScope),
            EvaluationMethodKind.Qualitative => Qualitative(method, diagnostic),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method.Kind, null),
        };
    }

    /// <summary>The same ISO week and weekday of the previous ISO year.</summary>
    public static DateOnly SameWeekDayLastYear(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        var isoYear = ISOWeek.GetYear(date) - 1;
        var week = Math.Min(ISOWeek.GetWeekOfYear(date), ISOWeek.GetWeeksInYear(isoYear));
        return DateOnly.FromDateTime(ISOWeek.ToDateTime(isoYear, week, day.DayOfWeek));
    }

    private static EvaluationResult BeforeAfter(EvaluationMethod method, DateOnly start, DateOnly today, List<IssueFacts> issues, bool seasonal)
    {
        var days = today.DayNumber - start.DayNumber;
        if (days < 1)
        {
            return NotComputed(method, "Trop tôt pour comparer : le diagnostic a commencé aujourd'hui.");
        }
        var after = new DatePeriod(start, today.AddDays(-1));
        var before = seasonal
            ? new DatePeriod(SameWeekDayLastYear(after.From), SameWeekDayLastYear(after.To))
            : new DatePeriod(start.AddDays(-days), start.AddDays(-1));
        var counts = new CountComparison(before, issues.Count(i => before.Contains(i.CreatedOn)), after, issues.Count(i => after.Contains(i.CreatedOn)));
        var beforeLabel = seasonal ? "Mêmes semaines de l'an dernier" : "Avant le diagnostic";
        return new EvaluationResult
        {
            Method = method,
            Computed = true,
            Counts = counts,
            Sentences =
            [
                $"{beforeLabel} ({before.ToFrench()}) : {Issues(counts.BeforeCount)}.",
                $"Depuis le diagnostic ({after.ToFrench()}) : {Issues(counts.AfterCount)}.",
                Trend(counts),
            ],
        };
    }

    private static EvaluationResult FollowUps(EvaluationMethod method, Diagnostic diagnostic, EvaluationInputs inputs)
    {
        var linked = diagnostic.LinkedIssues.Select(l => l.Number).ToHashSet();
        var answers = inputs.SectorIssues
            .Where(i => linked.Contains(i.Number) && i.FollowUp is not null)
            .Where(i => inputs.PartnerSafe is null || inputs.PartnerSafe.IsVisibleToPartners(i))
            .DistinctBy(i => i.Number)
            .Select(i => i.FollowUp!.Value)
            .ToList();
        var counts = Enum.GetValues<FollowUpAnswer>().Select(a => KeyValuePair.Create(a.ToFrench(), answers.Count(x => x == a))).ToList();
        if (answers.Count == 0)
        {
            return NotComputed(method, "Aucun partenaire n'a encore répondu à « Le problème persiste-t-il ? » sur les signalements liés.");
        }
        return new EvaluationResult
        {
            Method = method,
            Computed = true,
            AnswerCounts = counts,
            Sentences = [$"Réponses des partenaires à « Le problème persiste-t-il ? » ({Plural(answers.Count, "réponse", "réponses")}) : {Joined(counts)}."],
        };
    }

    private static EvaluationResult Survey(EvaluationMethod method, Diagnostic diagnostic, IReadOnlyList<SurveyAnswer> answers)
    {
        var latest = answers.Where(a => a.Number == diagnostic.Number)
            .GroupBy(a => a.RespondentObjectId, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.MaxBy(a => a.At)!)
            .ToList();
        var counts = method.Answers.Select(choice => KeyValuePair.Create(choice, latest.Count(a => a.Answer == choice))).ToList();
        var counted = counts.Sum(c => c.Value);
        if (counted == 0)
        {
            return NotComputed(method, "Aucune réponse à l'enquête pour l'instant.");
        }
        return new EvaluationResult
        {
            Method = method,
            Computed = true,
            AnswerCounts = counts,
            Sentences = [$"Enquête « {method.Question} » ({Plural(counted, "réponse", "réponses")}) : {Joined(counts)}."],
        };
    }

    private static EvaluationResult NoNewIssue(EvaluationMethod method, DateOnly start, DateOnly today, List<IssueFacts> issues)
    {
        var goalDays = method.Weeks * 7;
        var latest = issues.Where(i => i.CreatedOn >= start && i.CreatedOn <= today).Select(i => (DateOnly?)i.CreatedOn).Max();
        var quietSince = latest ?? start;
        var quietDays = today.DayNumber - quietSince.DayNumber;
        var achieved = quietDays >= goalDays;
        var first = latest is null
            ? $"Aucun nouveau signalement depuis le début du diagnostic, le {FrenchDateFormat.Long(start)} ({Plural(quietDays, "jour", "jours")})."
            : $"Dernier signalement le {FrenchDateFormat.Long(latest.Value)} ({Plural(quietDays, "jour", "jours")} sans nouveau signalement).";
        var second = achieved
            ? $"Objectif de {Plural(method.Weeks, "semaine", "semaines")} sans signalement atteint."
            : $"Objectif de {Plural(method.Weeks, "semaine", "semaines")} sans signalement : encore {Plural(goalDays - quietDays, "jour", "jours")}.";
        return new EvaluationResult { Method = method, Computed = true, Achieved = achieved, Sentences = [first, second] };
    }

    private static EvaluationResult Qualitative(EvaluationMethod method, Diagnostic diagnostic) =>
        diagnostic.Evaluation?.Assessment is { Length: > 0 } assessment
            ? new EvaluationResult { Method = method, Computed = true, Sentences = [assessment] }
            : NotComputed(method, "Appréciation qualitative à rédiger.");

    private static EvaluationResult NotComputed(EvaluationMethod method, string why) =>
        new() { Method = method, Computed = false, Sentences = [why] };

    private static string Trend(CountComparison counts) => counts.ChangePercent switch
    {
        null when counts.AfterCount == 0 => "Évolution : aucun signalement ni avant ni après.",
        null => "Évolution : pas de signalement sur la période de référence, pas de pourcentage calculable.",
        0 => "Évolution : stable.",
        < 0 and var p => $"Évolution : baisse de {(-p).ToString(French)} %.",
        var p => $"Évolution : hausse de {p.Value.ToString(French)} %.",
    };

    private static string Issues(int count) => Plural(count, "signalement", "signalements");

    private static string Plural(int count, string one, string many) =>
        count.ToString(French) + " " + (count is 0 or 1 ? one : many);

    private static string Joined(IEnumerable<KeyValuePair<string, int>> counts) =>
        string.Join(", ", counts.Select(c => $"{c.Key} : {c.Value.ToString(French)}"));
}

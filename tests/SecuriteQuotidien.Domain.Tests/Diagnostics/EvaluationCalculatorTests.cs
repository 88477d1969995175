using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Status;
using static SecuriteQuotidien.Domain.Tests.Diagnostics.DiagnosticsData;

namespace SecuriteQuotidien.Domain.Tests.Diagnostics;

/// <summary>
/// Fixed data set: a diagnostic on "incivilités rue Carnot" opened Monday 16 March 2026 (ISO 2026-W12), evaluated on
/// Monday 13 April 2026. After = 16 March … 12 April (28 days); before = 16 February … 15 March; the same ISO weeks of
/// 2025 are 17 March … 13 April 2025.
/// </summary>
public sealed class EvaluationCalculatorTests
{
    private static readonly DateOnly Today = new(2026, 4, 13);

    private static readonly IssueFacts[] SectorIssues =
    [
        // In scope, before the diagnostic: 15 Feb is one day too early; 16 Feb and 15 Mar are the bounds.
        Facts(1, new(2026, 2, 15)),
        Facts(2, new(2026, 2, 16)),
        Facts(3, new(2026, 3, 1)),
        Facts(4, new(2026, 3, 10)),
        Facts(5, new(2026, 3, 12)),
        Facts(6, new(2026, 3, 15)),
        // In scope, after: 16 Mar and 12 Apr are the bounds; today (13 Apr) is incomplete and left out.
        Facts(7, new(2026, 3, 16)),
        Facts(8, new(2026, 4, 1)),
        Facts(9, new(2026, 4, 12)),
        Facts(10, new(2026, 4, 13)),
        // Out of scope: another category on the site, the category elsewhere, another sector.
        Facts(11, new(2026, 3, 20), categoryId: "vols"),
        Facts(12, new(2026, 3, 20), siteId: PlaceJeanMarcellin),
        Facts(13, new(2026, 3, 20), sectorId: "briancon-hyper-centre"),
        // Restricted category on the site, linked too: counted for the police only.
        Facts(14, new(2026, 3, 25), categoryId: "trafic-stupefiants"),
        Facts(15, new(2026, 2, 20), categoryId: "trafic-stupefiants"),
        // Last year: 16 Mar and 14 Apr 2025 fall outside the same ISO weeks, 17 Mar and 13 Apr 2025 are the bounds.
        Facts(1, new(2025, 3, 16)),
        Facts(2, new(2025, 3, 17)),
        Facts(3, new(2025, 3, 30)),
        Facts(4, new(2025, 4, 5)),
        Facts(5, new(2025, 4, 13)),
        Facts(6, new(2025, 4, 14)),
    ];

    private static Diagnostic Diagnostic() => Opened(At(2026, 3, 16, 9), Linked(4), Linked(5), Linked(6));

    private static EvaluationInputs Inputs(PartnerConfidentiality? partnerSafe = null, DateOnly? today = null) => new()
    {
        Today = today ?? Today,
        TimeZone = Paris,
        SectorIssues = SectorIssues,
        PartnerSafe = partnerSafe,
    };

    private static EvaluationMethod Method(EvaluationMethodKind kind) => DiagnosticSettings.DefaultMethods.Single(m => m.Kind == kind);

    [Fact]
    public void Before_after_counts_the_same_number_of_days_on_each_side()
    {
        var result = EvaluationCalculator.Compute(Diagnostic(), Method(EvaluationMethodKind.BeforeAfter), Inputs());

        var counts = result.Counts!;
        Assert.Equal(new DatePeriod(new(2026, 2, 16), new(2026, 3, 15)), counts.Before);
        Assert.Equal(new DatePeriod(new(2026, 3, 16), new(2026, 4, 12)), counts.After);
        Assert.Equal(28, counts.Before.Days);
        Assert.Equal(5, counts.BeforeCount);
        Assert.Equal(3, counts.AfterCount);
        Assert.Equal(-40, counts.ChangePercent);
        Assert.Equal(
        [
            "Avant le diagnostic (du 16 février 2026 au 15 mars 2026) : 5 signalements.",
            "Depuis le diagnostic (du 16 mars 2026 au 12 avril 2026) : 3 signalements.",
            "Évolution : baisse de 40 %.",
        ], result.Sentences);
    }

    [Fact]
    public void Season_aware_variant_compares_with_the_same_iso_weeks_of_last_year()
    {
        var result = EvaluationCalculator.Compute(Diagnostic(), Method(EvaluationMethodKind.BeforeAfterSeasonal), Inputs());

        var counts = result.Counts!;
        Assert.Equal(new DatePeriod(new(2025, 3, 17), new(2025, 4, 13)), counts.Before);
        Assert.Equal(4, counts.BeforeCount);
        Assert.Equal(3, counts.AfterCount);
        Assert.Equal(-25, counts.ChangePercent);
        Assert.Equal("Mêmes semaines de l'an dernier (du 17 mars 2025 au 13 avril 2025) : 4 signalements.", result.Sentences[0]);
        Assert.Equal("Évolution : baisse de 25 %.", result.Sentences[2]);
    }

    [Theory]
    [InlineData("2026-03-16", "2025-03-17")]
    [InlineData("2026-04-12", "2025-04-13")]
    [InlineData("2021-01-01", "2019-12-27")] // ISO 2020-W53: 2019 has 52 weeks, so week 52
    [InlineData("2026-12-31", "2025-12-25")] // ISO 2026-W53 → 2025-W52, same weekday (Thursday)
    public void Same_week_day_last_year(string day, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), EvaluationCalculator.SameWeekDayLastYear(DateOnly.Parse(day)));

    [Fact]
    public void Police_counts_include_a_linked_restricted_category_partner_counts_never_do()
    {
        var diagnostic = Opened(At(2026, 3, 16, 9), Linked(4), Linked(5), Linked(14, "trafic-stupefiants"));
        var method = Method(EvaluationMethodKind.BeforeAfter);

        var police = EvaluationCalculator.Compute(diagnostic, method, Inputs()).Counts!;
        var partners = EvaluationCalculator.Compute(diagnostic, method, Inputs(Confidentiality)).Counts!;

        Assert.Equal((6, 4), (police.BeforeCount, police.AfterCount));
        Assert.Equal((5, 3), (partners.BeforeCount, partners.AfterCount));
    }

    [Fact]
    public void Opening_day_has_nothing_to_compare_and_an_empty_reference_gives_no_percentage()
    {
        var early = EvaluationCalculator.Compute(Diagnostic(), Method(EvaluationMethodKind.BeforeAfter), Inputs(today: new DateOnly(2026, 3, 16)));
        Assert.False(early.Computed);
        Assert.Null(early.Counts);
        Assert.Equal(["Trop tôt pour comparer : le diagnostic a commencé aujourd'hui."], early.Sentences);

        var quiet = EvaluationCalculator.Compute(Opened(At(2026, 3, 16), Linked(1, "autre", null)), Method(EvaluationMethodKind.BeforeAfter), Inputs());
        Assert.Null(quiet.Counts!.ChangePercent);
        Assert.Equal("Évolution : aucun signalement ni avant ni après.", quiet.Sentences[2]);
    }

    [Fact]
    public void Follow_up_answers_are_counted_over_the_linked_issues()
    {
        var diagnostic = Opened(At(2026, 3, 16), Linked(1), Linked(2), Linked(3), Linked(4, "trafic-stupefiants"));
        IssueFacts[] issues =
        [
            Facts(1, new(2026, 3, 1), followUp: FollowUpAnswer.Yes),
            Facts(2, new(2026, 3, 2), followUp: FollowUpAnswer.No),
            Facts(3, new(2026, 3, 3)),
            Facts(4, new(2026, 3, 4), categoryId: "trafic-stupefiants", followUp: FollowUpAnswer.Partly),
            Facts(5, new(2026, 3, 5), followUp: FollowUpAnswer.No), // not linked
        ];
        var method = Method(EvaluationMethodKind.FollowUpAnswers);

        var police = EvaluationCalculator.Compute(diagnostic, method, Inputs() with { SectorIssues = issues });
        var partners = EvaluationCalculator.Compute(diagnostic, method, Inputs(Confidentiality) with { SectorIssues = issues });

        Assert.Equal([1, 1, 1], police.AnswerCounts.Select(c => c.Value));
        Assert.Equal(["Oui", "En partie", "Non"], partners.AnswerCounts.Select(c => c.Key));
        Assert.Equal([1, 0, 1], partners.AnswerCounts.Select(c => c.Value));
        Assert.Equal("Réponses des partenaires à « Le problème persiste-t-il ? » (2 réponses) : Oui : 1, En partie : 0, Non : 1.", partners.Sentences[0]);
    }

    [Fact]
    public void Survey_counts_the_latest_answer_of_each_respondent()
    {
        var diagnostic = Diagnostic();
        var method = Method(EvaluationMethodKind.PartnerSurvey);
        SurveyAnswer Answer(string who, string answer, int day, DiagnosticNumber? number = null) => new()
        {
            Number = number ?? diagnostic.Number, RespondentObjectId = who, OrganisationId = Cedres, Answer = answer, At = At(2026, 4, day),
        };

        var result = EvaluationCalculator.Compute(diagnostic, method, Inputs() with
        {
            SurveyAnswers =
            [
                Answer("a", "Inchangée", 1), Answer("A", "Un peu améliorée", 5), // same person, case aside: the later one counts
                Answer("b", "Nettement améliorée", 2), Answer("c", "Un peu améliorée", 3),
                Answer("d", "Dégradée", 3, Number(8)), // another diagnostic
            ],
        });

        Assert.Equal([1, 2, 0, 0], result.AnswerCounts.Select(c => c.Value));
        Assert.StartsWith("Enquête « La situation s'est-elle améliorée depuis le début du diagnostic ? » (3 réponses) : Nettement améliorée : 1,", result.Sentences[0]);
        Assert.False(EvaluationCalculator.Compute(diagnostic, method, Inputs()).Computed);
    }

    [Theory]
    [InlineData("2026-04-13", true, "Objectif de 2 semaines sans signalement atteint.")]
    [InlineData("2026-04-12", false, "Objectif de 2 semaines sans signalement : encore 1 jour.")]
    public void No_new_issue_for_n_weeks_counts_from_the_latest_in_scope_issue(string today, bool achieved, string sentence)
    {
        var method = new EvaluationMethod { Id = "calme", Kind = EvaluationMethodKind.NoNewIssue, Label = "Calme", Weeks = 2 };
        IssueFacts[] issues = [Facts(1, new(2026, 3, 10)), Facts(2, new(2026, 3, 30)), Facts(3, new(2026, 4, 10), categoryId: "vols")];

        var result = EvaluationCalculator.Compute(Diagnostic(), method, Inputs(today: DateOnly.Parse(today)) with { SectorIssues = issues });

        Assert.Equal(achieved, result.Achieved);
        Assert.StartsWith("Dernier signalement le 30 mars 2026", result.Sentences[0]);
        Assert.Equal(sentence, result.Sentences[1]);
    }

    [Fact]
    public void Qualitative_method_shows_the_recorded_assessment()
    {
        var method = Method(EvaluationMethodKind.Qualitative);
        var chosen = Diagnostic().ChooseEvaluation(Actor(Referent), 1, At(2026, 3, 17), method).Diagnostic;

        Assert.False(EvaluationCalculator.Compute(chosen, method, Inputs()).Computed);
        var assessed = chosen.RecordAssessment(Actor(Referent), 2, At(2026, 4, 13), "Le GPO juge la situation apaisée.").Diagnostic;
        Assert.Equal(["Le GPO juge la situation apaisée."], EvaluationCalculator.Compute(assessed, method, Inputs()).Sentences);
    }
}

using SecuriteQuotidien.Domain.Status;
using static SecuriteQuotidien.Domain.Tests.Status.HautesAlpes;

namespace SecuriteQuotidien.Domain.Tests.Status;

public sealed class StatusQueryParserTests
{
    /// <summary>Friday 20 November 2026, Paris.</summary>
    private static readonly DateOnly Today = new(2026, 11, 20);

    private static readonly StatusQueryParser Parser = new(Department);

    private static readonly Dictionary<string, string> SectorCodes = new()
    {
        ["ghc"] = GapHyperCentre,
        ["gze"] = GapZonesEconomiques,
        ["gfd"] = GapForteDensite,
        ["bhc"] = BrianconHyperCentre,
        ["bze"] = BrianconZonesEconomiques,
        ["bfd"] = BrianconForteDensite,
    };

    private const string Year = "2026-01-01..2026-12-31";
    /// <summary>The default period of a summary: the current week (from Monday 16 November) and the 11 before it, to today.</summary>
    private const string Weeks = "2026-08-31..2026-11-20";
    private const string Gap = "ghc gze gfd";
    private const string Briancon = "bhc bze bfd";

    /// <summary>
    /// Text → kind, sectors (codes above, any order), categories, period ("from..to", empty for none).
    /// A summary without a period covers this year.
    /// </summary>
    [Theory]
    // Keywords, case, accents, typos.
    [InlineData("point", StatusQueryKind.Summary, "", "", Weeks)]
    [InlineData("Point", StatusQueryKind.Summary, "", "", Weeks)]
    [InlineData("POINT", StatusQueryKind.Summary, "", "", Weeks)]
    [InlineData("statut", StatusQueryKind.Summary, "", "", Weeks)]
    [InlineData("bilan", StatusQueryKind.Summary, "", "", Weeks)]
    [InlineData("état", StatusQueryKind.Summary, "", "", Weeks)]
    [InlineData("Etat", StatusQueryKind.Summary, "", "", Weeks)]
    [InlineData("pont", StatusQueryKind.Summary, "", "", Weeks)]
    [InlineData("bilna", StatusQueryKind.Summary, "", "", Weeks)]
    [InlineData("point, svp !", StatusQueryKind.Summary, "", "", Weeks)]
    // Communes and sectors, with names and aliases from the directory.
    [InlineData("point Gap", StatusQueryKind.Summary, Gap, "", Weeks)]
    [InlineData("pont gap", StatusQueryKind.Summary, Gap, "", Weeks)]
    [InlineData("point Briançon", StatusQueryKind.Summary, Briancon, "", Weeks)]
    [InlineData("point briancon", StatusQueryKind.Summary, Briancon, "", Weeks)]
    [InlineData("POINT BRIANCON", StatusQueryKind.Summary, Briancon, "", Weeks)]
    [InlineData("point Brianson", StatusQueryKind.Summary, Briancon, "", Weeks)]
    [InlineData("point Gap Briançon", StatusQueryKind.Summary, Gap + " " + Briancon, "", Weeks)]
    [InlineData("point Gap hyper-centre", StatusQueryKind.Summary, "ghc", "", Weeks)]
    [InlineData("point gap hyper centre", StatusQueryKind.Summary, "ghc", "", Weeks)]
    [InlineData("point Gap – hyper-centre", StatusQueryKind.Summary, "ghc", "", Weeks)]
    [InlineData("point gap centre", StatusQueryKind.Summary, "ghc", "", Weeks)]
    [InlineData("point centre-ville de Gap", StatusQueryKind.Summary, "ghc", "", Weeks)]
    [InlineData("point cité Vauban", StatusQueryKind.Summary, "bhc", "", Weeks)]
    [InlineData("point Briançon ZA", StatusQueryKind.Summary, "bze", "", Weeks)]
    [InlineData("point gap zone commerciale", StatusQueryKind.Summary, "gze", "", Weeks)]
    [InlineData("point Gap – zones à forte densité de population", StatusQueryKind.Summary, "gfd", "", Weeks)]
    [InlineData("point gap forte densité", StatusQueryKind.Summary, "gfd", "", Weeks)]
    [InlineData("point hyper-centre", StatusQueryKind.Summary, "ghc bhc", "", Weeks)]
    [InlineData("point hyper centre Briançon", StatusQueryKind.Summary, "bhc", "", Weeks)]
    [InlineData("point du secteur de Briançon centre", StatusQueryKind.Summary, "bhc", "", Weeks)]
    // Categories, by label, id or a significant word, singular or plural.
    [InlineData("point incivilités", StatusQueryKind.Summary, "", "incivilites", Weeks)]
    [InlineData("point INCIVILITES", StatusQueryKind.Summary, "", "incivilites", Weeks)]
    [InlineData("point stupéfiants", StatusQueryKind.Summary, "", "trafic-stupefiants", Weeks)]
    [InlineData("point vol", StatusQueryKind.Summary, "", "vols", Weeks)]
    [InlineData("bilan agressions", StatusQueryKind.Summary, "", "agressions-personnel", Weeks)]
    [InlineData("point occupation des parties communes", StatusQueryKind.Summary, "", "occupation-parties-communes", Weeks)]
    // Periods.
    [InlineData("point ce mois", StatusQueryKind.Summary, "", "", "2026-11-01..2026-11-30")]
    [InlineData("point ce mois-ci", StatusQueryKind.Summary, "", "", "2026-11-01..2026-11-30")]
    [InlineData("point le mois dernier", StatusQueryKind.Summary, "", "", "2026-10-01..2026-10-31")]
    [InlineData("point ce trimestre", StatusQueryKind.Summary, "", "", "2026-10-01..2026-12-31")]
    [InlineData("point ce trimestr", StatusQueryKind.Summary, "", "", "2026-10-01..2026-12-31")]
    [InlineData("point cette année", StatusQueryKind.Summary, "", "", Year)]
    [InlineData("point cette semaine", StatusQueryKind.Summary, "", "", "2026-11-16..2026-11-22")]
    [InlineData("point les 7 derniers jours", StatusQueryKind.Summary, "", "", "2026-11-14..2026-11-20")]
    [InlineData("point les 12 dernières semaines", StatusQueryKind.Summary, "", "", Weeks)]
    [InlineData("point 4 dernieres semaines", StatusQueryKind.Summary, "", "", "2026-10-26..2026-11-20")]
    [InlineData("point depuis le 1er septembre", StatusQueryKind.Summary, "", "", "2026-09-01..2026-11-20")]
    [InlineData("point depuis le 1er septembr", StatusQueryKind.Summary, "", "", "2026-09-01..2026-11-20")]
    [InlineData("point depuis le 1 sept", StatusQueryKind.Summary, "", "", "2026-09-01..2026-11-20")]
    [InlineData("point depuis le 01/09", StatusQueryKind.Summary, "", "", "2026-09-01..2026-11-20")]
    [InlineData("point depuis 1/9/2026", StatusQueryKind.Summary, "", "", "2026-09-01..2026-11-20")]
    [InlineData("point depuis le 1er décembre", StatusQueryKind.Summary, "", "", "2025-12-01..2026-11-20")]
    [InlineData("point du 1er septembre au 15 octobre", StatusQueryKind.Summary, "", "", "2026-09-01..2026-10-15")]
    [InlineData("point du 1er septembre au 15 octobre 2025", StatusQueryKind.Summary, "", "", "2025-09-01..2025-10-15")]
    [InlineData("point du 01/12 au 15/01", StatusQueryKind.Summary, "", "", "2025-12-01..2026-01-15")]
    // Combinations.
    [InlineData("point vols ce mois", StatusQueryKind.Summary, "", "vols", "2026-11-01..2026-11-30")]
    [InlineData("point Gap incivilités ce mois", StatusQueryKind.Summary, Gap, "incivilites", "2026-11-01..2026-11-30")]
    [InlineData("bilan sécurité routière ce trimestre", StatusQueryKind.Summary, "", "securite-routiere", "2026-10-01..2026-12-31")]
    [InlineData("point briançon centre ce trimestre", StatusQueryKind.Summary, "bhc", "", "2026-10-01..2026-12-31")]
    [InlineData("incivilités Gap depuis le 1er septembre", StatusQueryKind.Summary, Gap, "incivilites", "2026-09-01..2026-11-20")]
    // Lists: no period by default (the situation today).
    [InlineData("en retard", StatusQueryKind.Overdue, "", "", "")]
    [InlineData("retards", StatusQueryKind.Overdue, "", "", "")]
    [InlineData("en retrad", StatusQueryKind.Overdue, "", "", "")]
    [InlineData("En Retard Briançon", StatusQueryKind.Overdue, Briancon, "", "")]
    [InlineData("point des retards à Gap", StatusQueryKind.Overdue, Gap, "", "")]
    [InlineData("échéances", StatusQueryKind.DueSoon, "", "", "")]
    [InlineData("echeances", StatusQueryKind.DueSoon, "", "", "")]
    [InlineData("echances", StatusQueryKind.DueSoon, "", "", "")]
    [InlineData("à échéance", StatusQueryKind.DueSoon, "", "", "")]
    [InlineData("échéance gap", StatusQueryKind.DueSoon, Gap, "", "")]
    [InlineData("retards et échéances", StatusQueryKind.Summary, "", "", Weeks)]
    public void Understands_french_phrasings(string text, StatusQueryKind kind, string sectors, string categories, string period)
    {
        var result = Parser.Parse(text, Today);

        Assert.True(result.IsSuccess, result.Failure?.Message);
        var query = result.Query!;
        Assert.Equal(kind, query.Kind);
        Assert.Equal(
            sectors.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => SectorCodes[c]).Order(),
            query.Scope.SectorIds.Order());
        Assert.Equal(categories.Split(' ', StringSplitOptions.RemoveEmptyEntries), query.Scope.CategoryIds);
        Assert.Null(query.Scope.ReporterObjectId);
        Assert.Equal(period, query.Period is null ? "" : $"{query.Period.From:yyyy-MM-dd}..{query.Period.To:yyyy-MM-dd}");
    }

    [Theory]
    [InlineData("point département")]
    [InlineData("point tout le département")]
    [InlineData("bilan Hautes-Alpes")]
    [InlineData("point global")]
    public void Naming_the_department_is_an_explicit_whole_department_request(string text)
    {
        var scope = Parser.Parse(text, Today).Query!.Scope;

        Assert.True(scope.DepartmentRequested);
        Assert.True(scope.PlaceGiven);
        Assert.Empty(scope.SectorIds);
    }

    [Fact]
    public void A_bare_keyword_names_no_place()
    {
        Assert.False(Parser.Parse("point", Today).Query!.Scope.PlaceGiven);
    }

    [Theory]
    [InlineData("point", "ce mois-ci (novembre 2026)", "point ce mois")]
    [InlineData("point", "les 12 dernières semaines (du 31 août au 20 novembre 2026)", "point")]
    [InlineData("point", "cette année (depuis le 1er janvier 2026)", "point cette année")]
    [InlineData("point", "les 4 dernières semaines (du 26 octobre au 20 novembre 2026)", "point les 4 dernières semaines")]
    [InlineData("point", "le mois dernier (octobre 2026)", "point le mois dernier")]
    [InlineData("point", "ce trimestre (octobre à décembre 2026)", "point ce trimestre")]
    [InlineData("point", "cette semaine (du 16 au 22 novembre 2026)", "point cette semaine")]
    [InlineData("point", "les 7 derniers jours (du 14 au 20 novembre 2026)", "point les 7 derniers jours")]
    [InlineData("point", "depuis le 1er septembre 2026", "point depuis le 01/09")]
    [InlineData("point", "du 1er décembre 2025 au 15 janvier 2026", "point du 1/12 au 15/1")]
    public void Periods_carry_a_french_label(string _, string label, string text)
    {
        Assert.Equal(label, Parser.Parse(text, Today).Query!.Period!.Label);
    }

    [Fact]
    public void Scope_labels_name_the_commune_the_sector_or_the_department()
    {
        string Label(string text) => Parser.Parse(text, Today).Query!.Scope.Describe(Department);

        Assert.Equal("tout le département (Hautes-Alpes)", Label("point"));
        Assert.Equal("Briançon", Label("point briancon"));
        Assert.Equal("Gap – hyper-centre", Label("point gap centre"));
        Assert.Equal("Gap · Incivilités", Label("point gap incivilites"));
    }

    [Fact]
    public void An_unknown_place_is_refused_with_the_closest_requests_never_answered_for_the_department()
    {
        var result = Parser.Parse("point Brainsonn", Today);

        Assert.False(result.IsSuccess);
        Assert.Equal("Je n'ai pas compris « brainsonn ».", result.Failure!.Message);
        Assert.Equal("point Briançon", result.Failure.Suggestions[0]);
        Assert.InRange(result.Failure.Suggestions.Count, 2, 4);
    }

    [Fact]
    public void A_badly_misspelt_keyword_suggests_the_keyword()
    {
        var result = Parser.Parse("en retaaaard", Today);

        Assert.False(result.IsSuccess);
        Assert.Equal("en retard", result.Failure!.Suggestions[0]);
    }

    [Fact]
    public void A_misspelt_category_suggests_the_category()
    {
        var result = Parser.Parse("point stupefffiantz", Today);

        Assert.False(result.IsSuccess);
        Assert.Equal("point trafic de stupéfiants", result.Failure!.Suggestions[0]);
    }

    [Theory]
    [InlineData("", "Que souhaitez-vous savoir ?")]
    [InlineData("   ", "Que souhaitez-vous savoir ?")]
    [InlineData("bonjour", "Je n'ai pas compris votre demande.")]
    public void An_empty_request_gets_the_common_requests(string text, string message)
    {
        var failure = Parser.Parse(text, Today).Failure!;

        Assert.Equal(message, failure.Message);
        Assert.Equal(["point", "en retard", "échéances"], failure.Suggestions);
    }

    [Fact]
    public void Words_left_over_fail_the_whole_request()
    {
        var failure = Parser.Parse("point Gap Embrun", Today).Failure!;

        Assert.Equal("Je n'ai pas compris « embrun ».", failure.Message);
        Assert.InRange(failure.Suggestions.Count, 2, 4);
    }

    [Theory]
    [InlineData("point depuis le 31/02", "La date « 31/02 » n'existe pas.")]
    [InlineData("point du 15 octobre 2026 au 1er septembre 2026", "La date de début doit précéder la date de fin.")]
    public void Impossible_dates_are_explained(string text, string message)
    {
        var failure = Parser.Parse(text, Today).Failure!;

        Assert.Equal(message, failure.Message);
        Assert.NotEmpty(failure.Suggestions);
    }
}

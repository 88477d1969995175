using System.Globalization;
using System.Text.RegularExpressions;
using SecuriteQuotidien.Domain.Departments;

namespace SecuriteQuotidien.Domain.Status;

/// <summary>
/// Turns a status request typed in plain French ("point Briançon ce mois", "en retard", "échéances Gap")
/// into a <see cref="StatusQuery"/>, or a <see cref="StatusParseFailure"/> with suggestions.
/// </summary>
/// <remarks>
/// <para>
/// The text (after the bot removed its @mention) is normalised (<see cref="FrenchText.Normalize"/>), then
/// each word of 4 letters or more that is not known is replaced by the closest known word within the typo
/// tolerance (<see cref="FrenchText.TypoTolerance"/>). Known words come from the fixed French vocabulary and
/// from the directory (sector names and aliases, communes, category labels), so a new sector or alias
/// needs no code.
/// </para>
/// <para>
/// A period is then read ("ce mois", "depuis le 1er septembre", "du 01/09 au 15/10"...), filler words are
/// dropped ("de", "la", "secteur"...) and the rest is matched, longest phrase first, against request words,
/// places and categories. Any word left over fails the request, with suggestions: asking about an unknown
/// place never silently answers for the whole department.
/// </para>
/// <para>
/// Defaults: a summary without a period covers <see cref="StatusPeriods.LastWeeks"/> (the last 12 weeks,
/// the same length whatever the day, and named on the card); "en retard" and
/// "échéances" have no period (the situation today). A commune and a zone combine ("hyper-centre Gap"
/// is Gap's hyper-centre); a zone alone covers that zone in every commune.
/// </para>
/// Instances are immutable and thread-safe; build one per directory version.
/// </remarks>
public sealed partial class StatusQueryParser
{
    private const int SuggestionCount = 3;

    private static readonly HashSet<string> FillerWords = new(StringComparer.Ordinal)
    {
        "de", "des", "du", "d", "la", "le", "les", "l", "a", "au", "aux", "en", "et", "sur", "pour", "dans", "par",
        "secteur", "secteurs", "commune", "communes", "zone", "zones", "signalement", "signalements",
        "svp", "stp", "merci", "bonjour", "donne", "donner", "moi", "fais", "faire", "quel", "quels", "quelle",
        "quelles", "est", "sont", "mes", "nos", "tout", "toute", "tous", "toutes",
    };

    // Words that only appear inside period phrases; known so that typos in them are corrected.
    private static readonly string[] PeriodWords =
    [
        "ce", "cet", "cette", "mois", "ci", "cours", "dernier", "derniers", "derniere", "precedent", "trimestre",
        "annee", "semaine", "semaines", "dernieres", "jours", "depuis", "entre", "du", "au", "er",
    ];

    private static readonly Dictionary<string, int> Months = new(StringComparer.Ordinal)
    {
        ["janvier"] = 1, ["janv"] = 1, ["jan"] = 1,
        ["fevrier"] = 2, ["fevr"] = 2, ["fev"] = 2,
        ["mars"] = 3, ["mar"] = 3,
        ["avril"] = 4, ["avr"] = 4,
        ["mai"] = 5,
        ["juin"] = 6,
        ["juillet"] = 7, ["juil"] = 7,
        ["aout"] = 8,
        ["septembre"] = 9, ["sept"] = 9, ["sep"] = 9,
        ["octobre"] = 10, ["oct"] = 10,
        ["novembre"] = 11, ["nov"] = 11,
        ["decembre"] = 12, ["dec"] = 12,
    };

    // Zone words of the national scheme (three kinds of sector), on top of the directory's names and aliases.
    private static readonly Dictionary<SectorZone, string[]> ZonePhrases = new()
    {
        [SectorZone.HyperCentre] = ["hyper centre", "hypercentre", "centre", "centre ville"],
        [SectorZone.BusinessZones] =
            ["grands ensembles economiques", "ensembles economiques", "economiques", "economique", "commerciale", "za", "activites"],
        [SectorZone.DenseHousing] = ["forte densite population", "forte densite", "densite", "quartiers"],
    };

    private static readonly (string Phrase, StatusQueryKind Kind)[] KindWords =
    [
        ("point", StatusQueryKind.Summary), ("statut", StatusQueryKind.Summary), ("bilan", StatusQueryKind.Summary),
        ("etat", StatusQueryKind.Summary), ("situation", StatusQueryKind.Summary),
        ("retard", StatusQueryKind.Overdue), ("retards", StatusQueryKind.Overdue),
        ("echeance", StatusQueryKind.DueSoon), ("echeances", StatusQueryKind.DueSoon),
    ];

    private static readonly string[] DepartmentWords = ["departement", "global", "globale", "general", "ensemble"];

    private readonly Dictionary<string, Piece> _phrases = new(StringComparer.Ordinal);
    private readonly int _longestPhrase;
    private readonly List<string> _vocabulary = [];
    private readonly HashSet<string> _knownWords = new(StringComparer.Ordinal);
    private readonly List<Suggestion> _suggestions = [];

    public StatusQueryParser(IDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);

        foreach (var (phrase, kind) in KindWords)
        {
            AddPhrase(phrase, new KindPiece(kind));
        }
        foreach (var word in DepartmentWords.Append(directory.DepartmentName).Append(directory.DepartmentCode))
        {
            AddPhrase(word, new DepartmentPiece());
        }

        // Most specific first: a phrase already taken keeps its first meaning.
        foreach (var sector in directory.Sectors)
        {
            AddPhrase(sector.Name, new SectorPiece([sector.Id]));
            foreach (var alias in sector.Aliases)
            {
                AddPhrase(alias, new SectorPiece([sector.Id]));
            }
        }
        foreach (var commune in directory.Sectors.GroupBy(s => FrenchText.Normalize(s.Commune)))
        {
            AddPhrase(commune.Key, new CommunePiece(commune.First().Commune, [.. commune.Select(s => s.Id)]));
        }
        foreach (var zone in directory.Sectors.GroupBy(s => ZoneName(s)))
        {
            AddPhrase(zone.Key, new ZonePiece([.. zone.Select(s => s.Id)]));
        }
        foreach (var (zone, phrases) in ZonePhrases)
        {
            string[] ids = [.. directory.Sectors.Where(s => s.Zone == zone).Select(s => s.Id)];
            foreach (var phrase in phrases)
            {
                AddPhrase(phrase, new ZonePiece(ids));
            }
        }
        AddCategories(directory.Categories);

        _longestPhrase = _phrases.Keys.Max(p => p.Count(c => c == ' ') + 1);
        foreach (var word in FillerWords.Concat(PeriodWords).Concat(Months.Keys))
        {
            AddKnownWord(word);
        }
        BuildSuggestions(directory);
    }

    /// <summary>Parses a request. <paramref name="today"/> is the Paris date, for periods.</summary>
    public StatusParseResult Parse(string? text, DateOnly today)
    {
        var words = FrenchText.Words(text).Select(Correct).ToArray();
        var sentence = string.Join(' ', words);

        var period = ReadPeriod(ref sentence, today, out var periodError);
        if (periodError is not null)
        {
            return Fail(periodError, []);
        }

        var content = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !FillerWords.Contains(w)).ToArray();
        var pieces = new List<Piece>();
        var unknown = new List<string>();
        for (var i = 0; i < content.Length;)
        {
            var length = MatchAt(content, i, out var piece);
            if (piece is null)
            {
                unknown.Add(content[i]);
                i++;
            }
            else
            {
                pieces.Add(piece);
                i += length;
            }
        }

        if (unknown.Count > 0)
        {
            return Fail($"Je n'ai pas compris « {string.Join(' ', unknown)} ».", unknown);
        }
        if (pieces.Count == 0 && period is null)
        {
            return Fail(words.Length == 0 ? "Que souhaitez-vous savoir ?" : "Je n'ai pas compris votre demande.", []);
        }

        var scope = ComposeScope(pieces);
        if (scope is null)
        {
            return Fail("Aucun secteur ne correspond à ces lieux à la fois.", []);
        }

        var kinds = pieces.OfType<KindPiece>().Select(k => k.Kind).Where(k => k != StatusQueryKind.Summary).Distinct().ToList();
        // One list asked: that list; none, or both lists ("retards et échéances"): the summary, which shows both counts.
        var kind = kinds.Count == 1 ? kinds[0] : StatusQueryKind.Summary;
        period ??= kind == StatusQueryKind.Summary ? StatusPeriods.LastWeeks(today) : null;
        return StatusParseResult.Success(new StatusQuery(kind, scope, period));
    }

    private static StatusScope? ComposeScope(List<Piece> pieces)
    {
        var communes = pieces.OfType<CommunePiece>().ToList();
        var zones = pieces.OfType<ZonePiece>().SelectMany(z => z.SectorIds).ToHashSet(StringComparer.Ordinal);
        var sectors = pieces.OfType<SectorPiece>().SelectMany(s => s.SectorIds).ToList();
        var communeSectors = communes.SelectMany(c => c.SectorIds).ToList();

        if (communeSectors.Count > 0 && zones.Count > 0)
        {
            var both = communeSectors.Where(zones.Contains).ToList();
            if (both.Count == 0)
            {
                return null;
            }
            sectors.AddRange(both);
        }
        else
        {
            sectors.AddRange(communeSectors);
            sectors.AddRange(zones);
        }

        // "point Gap": the label names the commune rather than listing its sectors.
        var wholeCommunes = zones.Count == 0 && !pieces.OfType<SectorPiece>().Any();
        return new StatusScope
        {
            SectorIds = [.. sectors.Distinct(StringComparer.Ordinal)],
            Communes = wholeCommunes ? [.. communes.Select(c => c.Name).Distinct(StringComparer.Ordinal)] : [],
            CategoryIds = [.. pieces.OfType<CategoryPiece>().Select(c => c.CategoryId).Distinct(StringComparer.Ordinal)],
            DepartmentRequested = pieces.OfType<DepartmentPiece>().Any(),
        };
    }

    private int MatchAt(string[] words, int start, out Piece? piece)
    {
        for (var length = Math.Min(_longestPhrase, words.Length - start); length >= 1; length--)
        {
            if (_phrases.TryGetValue(string.Join(' ', words, start, length), out piece))
            {
                return length;
            }
        }
        piece = null;
        return 0;
    }

    private string Correct(string word)
    {
        var tolerance = FrenchText.TypoTolerance(word);
        if (tolerance == 0 || _knownWords.Contains(word) || !word.All(char.IsAsciiLetterLower))
        {
            return word;
        }

        string? best = null;
        var bestDistance = tolerance + 1;
        foreach (var candidate in _vocabulary)
        {
            if (Math.Abs(candidate.Length - word.Length) >= bestDistance)
            {
                continue;
            }
            var distance = FrenchText.Distance(word, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }
        return best ?? word;
    }

    private StatusPeriod? ReadPeriod(ref string sentence, DateOnly today, out string? error)
    {
        error = null;
        foreach (var (pattern, read) in PeriodPatterns)
        {
            var match = pattern.Match(sentence);
            if (!match.Success)
            {
                continue;
            }
            sentence = sentence.Remove(match.Index, match.Length).Insert(match.Index, " ");
            return read(match, today, out error);
        }
        return null;
    }

    private delegate StatusPeriod? PeriodReader(Match match, DateOnly today, out string? error);

    private static readonly (Regex Pattern, PeriodReader Read)[] PeriodPatterns =
    [
        (RangePattern(), ReadRange),
        (SincePattern(), (Match m, DateOnly today, out string? error) =>
        {
            var from = ResolveDate(m.Groups["from"].Value, today, null, out error);
            return from is null ? null : StatusPeriods.Since(from.Value, today);
        }),
        (Fixed(ThisMonthPattern(), StatusPeriods.ThisMonth)),
        (Fixed(LastMonthPattern(), StatusPeriods.LastMonth)),
        (Fixed(ThisQuarterPattern(), StatusPeriods.ThisQuarter)),
        (Fixed(ThisYearPattern(), StatusPeriods.ThisYear)),
        (Fixed(ThisWeekPattern(), StatusPeriods.ThisWeek)),
        (LastDaysPattern(), (Match m, DateOnly today, out string? error) =>
        {
            error = null;
            var count = m.Groups["n"].Value;
            var days = count == "sept" ? 7 : int.Parse(count, CultureInfo.InvariantCulture);
            if (days < 1)
            {
                error = "Indiquez au moins un jour.";
                return null;
            }
            return StatusPeriods.LastDays(today, days);
        }),
        (LastWeeksPattern(), (Match m, DateOnly today, out string? error) =>
        {
            error = null;
            var weeks = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            if (weeks is < 1 or > 104)
            {
                error = "Indiquez entre 1 et 104 semaines.";
                return null;
            }
            return StatusPeriods.LastWeeks(today, weeks);
        }),
    ];

    private static (Regex, PeriodReader) Fixed(Regex pattern, Func<DateOnly, StatusPeriod> period) =>
        (pattern, (Match _, DateOnly today, out string? error) =>
        {
            error = null;
            return period(today);
        });

    private static StatusPeriod? ReadRange(Match match, DateOnly today, out string? error)
    {
        var toText = match.Groups["to"].Value;
        var to = ResolveDate(toText, today, null, out error);
        if (to is null)
        {
            return null;
        }
        // "du 1er septembre au 15 octobre 2025": the start takes the end's year when the end has one.
        var endHasYear = DatePattern().Match(toText).Groups["y"].Success;
        var from = ResolveDate(match.Groups["from"].Value, today, endHasYear ? to : null, out error);
        if (from is null)
        {
            return null;
        }
        if (!endHasYear && to < from)
        {
            // "du 1er décembre au 15 janvier": the end is in the following year.
            to = ResolveDate(toText, from.Value.AddYears(1), null, out error);
        }
        if (to < from)
        {
            error = "La date de début doit précéder la date de fin.";
            return null;
        }
        return StatusPeriods.Between(from!.Value, to!.Value);
    }

    /// <summary>
    /// A date written "1er septembre", "1 sept", "01/09" or "1/9/2026". Without a year: the latest such date
    /// on or before <paramref name="notAfter"/> (or today).
    /// </summary>
    private static DateOnly? ResolveDate(string text, DateOnly today, DateOnly? notAfter, out string? error)
    {
        error = null;
        var match = DatePattern().Match(text);
        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        var month = match.Groups["mn"].Success
            ? int.Parse(match.Groups["mn"].Value, CultureInfo.InvariantCulture)
            : Months[match.Groups["m"].Value];
        var limit = notAfter ?? today;
        var year = limit.Year;
        if (match.Groups["y"].Success)
        {
            year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
            year += year < 100 ? 2000 : 0;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            error = $"La date « {text} » n'existe pas.";
            return null;
        }
        var date = new DateOnly(year, month, day);
        if (!match.Groups["y"].Success && date > limit)
        {
            // 29 February may not exist the year before: fall back to the 28th.
            date = new DateOnly(year - 1, month, Math.Min(day, DateTime.DaysInMonth(year - 1, month)));
        }
        return date;
    }

    private const string DateText =
        @"\d{1,2}(?: ?er)? (?:janvier|janv|jan|fevrier|fevr|fev|mars|mar|avril|avr|mai|juin|juillet|juil|aout|septembre|sept|sep|octobre|oct|novembre|nov|decembre|dec)(?: \d{4})?|\d{1,2}/\d{1,2}(?:/\d{4}|/\d{2})?";

    [GeneratedRegex(@"^(?<d>\d{1,2})(?: ?er)? (?<m>[a-z]+)(?: (?<y>\d{4}))?$|^(?<d>\d{1,2})/(?<mn>\d{1,2})(?:/(?<y>\d{4}|\d{2}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"\b(?:du|entre) (?:le )?(?<from>" + DateText + @") (?:au|et) (?:le )?(?<to>" + DateText + @")\b", RegexOptions.CultureInvariant)]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"\bdepuis (?:le )?(?<from>" + DateText + @")\b", RegexOptions.CultureInvariant)]
    private static partial Regex SincePattern();

    [GeneratedRegex(@"\b(?:(?:ce|du) mois(?: ci)?|mois en cours)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ThisMonthPattern();

    [GeneratedRegex(@"\b(?:le |du )?mois (?:dernier|precedent)\b", RegexOptions.CultureInvariant)]
    private static partial Regex LastMonthPattern();

    [GeneratedRegex(@"\b(?:(?:ce|du) trimestre|trimestre en cours)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ThisQuarterPattern();

    [GeneratedRegex(@"\b(?:(?:cette|cet|l) annee|annee en cours)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ThisYearPattern();

    [GeneratedRegex(@"\b(?:cette|la) semaine\b", RegexOptions.CultureInvariant)]
    private static partial Regex ThisWeekPattern();

    [GeneratedRegex(@"\b(?:(?:les|ces) )?(?<n>\d{1,3}|sept) derniers jours\b", RegexOptions.CultureInvariant)]
    private static partial Regex LastDaysPattern();

    [GeneratedRegex(@"\b(?:(?:les|ces) )?(?<n>\d{1,3}) dernieres semaines\b", RegexOptions.CultureInvariant)]
    private static partial Regex LastWeeksPattern();

    private StatusParseResult Fail(string message, IReadOnlyList<string> unknownWords) =>
        StatusParseResult.Failed(new StatusParseFailure(message, Suggest(unknownWords)));

    /// <summary>The requests to suggest: the closest to the words not understood, else the most common ones.</summary>
    private List<string> Suggest(IReadOnlyList<string> unknownWords)
    {
        if (unknownWords.Count == 0)
        {
            return [.. _suggestions.Take(SuggestionCount).Select(s => s.Text)];
        }
        return
        [
            .. _suggestions
                .Select((s, index) => (s.Text, index, Score: s.Words.Min(w => unknownWords.Min(u => Closeness(u, w)))))
                .OrderBy(s => s.Score).ThenBy(s => s.index)
                .Take(SuggestionCount)
                .Select(s => s.Text),
        ];
    }

    // Edit distance relative to the longer word, so long names are not penalised for their length.
    private static double Closeness(string typed, string known) =>
        (double)FrenchText.Distance(typed, known) / Math.Max(typed.Length, known.Length);

    private void BuildSuggestions(IDirectory directory)
    {
        void Add(string text, params string[] words) =>
            _suggestions.Add(new Suggestion(text, words.Length > 0 ? words : [.. ContentWords(text).DefaultIfEmpty("point")]));

        Add("point", "point", "statut", "bilan", "etat");
        Add("en retard", "retard", "retards");
        Add("échéances", "echeance", "echeances");
        foreach (var commune in directory.Sectors.Select(s => s.Commune).Distinct(StringComparer.Ordinal))
        {
            Add($"point {commune}");
        }
        foreach (var sector in directory.Sectors)
        {
            Add($"point {sector.Name}", [.. ContentWords(sector.Name), .. sector.Aliases.SelectMany(ContentWords)]);
        }
        foreach (var category in directory.Categories)
        {
            Add($"point {char.ToLower(category.Label[0], CultureInfo.GetCultureInfo("fr-FR"))}{category.Label[1..]}");
        }
        Add("point ce mois", "mois");
        Add("point ce trimestre", "trimestre");
        Add("point cette année", "annee");
        Add("point depuis le 1er septembre", "depuis");
    }

    private static string[] ContentWords(string text) =>
        [.. FrenchText.Words(text).Where(w => !FillerWords.Contains(w) && w != "point")];

    private void AddCategories(IReadOnlyList<IssueCategory> categories)
    {
        foreach (var category in categories)
        {
            AddPhrase(category.Label, new CategoryPiece(category.Id));
            AddPhrase(category.Id, new CategoryPiece(category.Id));
        }

        // A single significant word ("stupéfiants", "vol") names its category when no other category uses it.
        var wordOwners = categories
            .SelectMany(c => ContentWords($"{c.Label} {c.Id}").Where(w => w.Length >= 4)
                .SelectMany(w => w.EndsWith('s') ? new[] { w, w[..^1] } : [w])
                .Distinct()
                .Select(w => (Word: w, c.Id)))
            .GroupBy(x => x.Word)
            .Where(g => g.Count() == 1);
        foreach (var owner in wordOwners)
        {
            AddPhrase(owner.Key, new CategoryPiece(owner.Single().Id));
        }
    }

    private static string ZoneName(Sector sector)
    {
        var commune = FrenchText.Words(sector.Commune).ToHashSet(StringComparer.Ordinal);
        return string.Join(' ', FrenchText.Words(sector.Name).Where(w => !commune.Contains(w)));
    }

    private void AddPhrase(string text, Piece piece)
    {
        var words = PhraseWords(text);
        if (words.Length == 0)
        {
            return;
        }
        _phrases.TryAdd(string.Join(' ', words), piece);
        foreach (var word in words)
        {
            AddKnownWord(word);
        }
    }

    // Unlike ContentWords, keeps "point": it is a phrase of its own (the summary keyword).
    private static string[] PhraseWords(string text) =>
        [.. FrenchText.Words(text).Where(w => !FillerWords.Contains(w))];

    private void AddKnownWord(string word)
    {
        if (_knownWords.Add(word))
        {
            _vocabulary.Add(word);
        }
    }

    private sealed record Suggestion(string Text, string[] Words);

    private abstract record Piece;

    private sealed record KindPiece(StatusQueryKind Kind) : Piece;

    private sealed record DepartmentPiece : Piece;

    private sealed record SectorPiece(string[] SectorIds) : Piece;

    private sealed record CommunePiece(string Name, string[] SectorIds) : Piece;

    private sealed record ZonePiece(string[] SectorIds) : Piece;

    private sealed record CategoryPiece(string CategoryId) : Piece;
}

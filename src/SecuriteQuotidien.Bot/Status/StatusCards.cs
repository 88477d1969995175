using System.Globalization;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Bot.Status;

/// <summary>The charts of a « point » card (PNG bytes), each null when it has nothing to show.</summary>
public sealed record StatusCharts(byte[]? Trend, byte[]? Sectors)
{
    public static StatusCharts None { get; } = new(null, null);

    public static StatusCharts Of(StatusReport report, IDirectory directory) =>
        new(StatusChart.RenderTrend(report), StatusChart.RenderSectors(report, directory));
}

/// <summary>
/// The status cards (Adaptive Card 1.5): the « point » card, the two lists and the weekly digest. Every
/// count agrees in number as French requires (<see cref="FrenchText.Count(int, string, string?)"/>) and
/// every period is named with its dates.
/// </summary>
public static class StatusCards
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The « point » card: stocks today, flows of the period, the 12-week trend, breakdowns.</summary>
    public static AdaptiveCard Summary(StatusReport report, IDirectory directory, string? note, StatusCharts charts, bool followUpPartial)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(charts);
        var totals = report.Totals;
        var body = new List<CardElement>
        {
            Title($"Point : {report.Query.Scope.Describe(directory)}"),
            Subtle($"Situation au {FrenchDateFormat.Long(report.Today)} · période : {report.Query.Period?.Label ?? "depuis le début"}"),
        };
        if (note is not null)
        {
            body.Add(Subtle(note));
        }
        body.Add(Heading("Aujourd'hui"));
        body.Add(new FactSet
        {
            Facts =
            [
                new Fact("Ouverts", OpenToday(totals)),
                new Fact("En pause", Number(totals.Paused)),
                new Fact("Rouverts", Number(totals.Reopened)),
            ],
        });
        body.Add(Heading("Sur la période"));
        body.Add(new FactSet { Facts = PeriodFacts(totals, followUpPartial) });
        if (charts.Trend is { } trend)
        {
            var first = report.Trend[0].Monday;
            body.Add(Heading($"Tendance des {IndicatorCalculator.TrendWeeks} dernières semaines"));
            body.Add(Subtle($"Par semaine, du lundi au dimanche, depuis le {FrenchDateFormat.Long(first)} ; la dernière semaine est en cours."));
            body.Add(Chart(trend, "Courbes par semaine : nouveaux signalements, réponses dans les délais, échéances dépassées"));
        }
        if (charts.Sectors is { } sectors)
        {
            body.Add(Heading("Ouverts aujourd'hui par secteur"));
            body.Add(Chart(sectors, "Barres par secteur : signalements ouverts en retard, à échéance sous 7 jours et autres"));
        }
        AddBreakdown(body, "Par secteur", report.BySector, id => directory.FindSector(id)?.Name ?? id);
        AddBreakdown(body, "Par catégorie", report.ByCategory, id => directory.FindCategory(id)?.Label ?? id);
        body.Add(Subtle("« Réponses dans les délais » : parmi les signalements dont l'échéance tombe dans la période, ceux qui ont reçu "
            + $"une réponse ciblée au plus tard ce jour-là ; en dessous de {Proportion.MinimumDenominator} échéances, seuls les nombres sont donnés. "
            + "Écrivez « en retard » ou « échéances » pour les listes."));
        return new AdaptiveCard
        {
            Body = body,
            FallbackText = $"Point : {FrenchText.Count(totals.Open, "signalement ouvert")}, dont {totals.Overdue} en retard",
            MsTeams = Wide,
        };
    }

    /// <summary>« en retard »: overdue issues, the oldest deadline first; each line opens the issue.</summary>
    public static AdaptiveCard Overdue(StatusReport report, IDirectory directory, string? note, int maxListed) =>
        List(report, directory, note, maxListed, report.Overdue, report.Totals.Overdue,
            count => count == 0
                ? "Aucun signalement en retard"
                : $"{FrenchText.Count(count, "signalement en retard", "signalements en retard")}, du plus ancien au plus récent",
            days => $"{FrenchText.Count(days, "jour")} de retard");

    /// <summary>« échéances »: issues due within 7 days, the nearest first; each line opens the issue.</summary>
    public static AdaptiveCard DueSoon(StatusReport report, IDirectory directory, string? note, int maxListed) =>
        List(report, directory, note, maxListed, report.DueSoon, report.Totals.DueSoon,
            count => count == 0
                ? "Aucun signalement à échéance dans les 7 prochains jours"
                : $"{FrenchText.Count(count, "signalement")} à échéance dans les 7 prochains jours",
            days => days switch
            {
                0 => "échéance aujourd'hui",
                1 => "échéance demain",
                _ => $"échéance dans {FrenchText.Count(days, "jour")}",
            });

    /// <summary>The weekly digest of one recipient (the department or one sector).</summary>
    public static AdaptiveCard Digest(StatusReport report, IDirectory directory, string scopeLabel)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(directory);
        var totals = report.Totals;
        var period = report.Query.Period!;
        var missed = totals.OnTime.Denominator - totals.OnTime.Numerator;
        var body = new List<CardElement>
        {
            Title($"Bilan de la semaine : {scopeLabel}"),
            Subtle($"Semaine {FrenchDateFormat.Range(period.From, period.To)} · situation au {FrenchDateFormat.Long(report.Today)}"),
            // The count first, in bold, then what it counts: read down the left edge at a glance.
            CountLine(totals.Identified, "nouveau signalement", "nouveaux signalements", spacing: "Medium"),
            CountLine(totals.ResponsesMeasured, "réponse ciblée engagée", "réponses ciblées engagées"),
            CountLine(missed, "échéance dépassée sans réponse", "échéances dépassées sans réponse"),
            CountLine(totals.Resolved, "problème résolu", "problèmes résolus"),
            CountLine(totals.Open, "ouvert aujourd'hui", "ouverts aujourd'hui",
                totals.Open == 0 ? null : $", dont {totals.Overdue} en retard et {totals.DueSoon} à échéance sous 7 jours"),
        };
        if (report.Overdue.Count > 0)
        {
            // The report lists the first overdue issues only: how many there are is the counters'.
            var shown = Math.Min(WeeklyDigest.DigestListed, report.Overdue.Count);
            body.Add(Heading(totals.Overdue > shown
                ? $"Les {shown} plus en retard (sur {totals.Overdue})"
                : totals.Overdue == 1 ? "Le signalement en retard" : "Les signalements en retard"));
            body.AddRange(report.Overdue.Take(shown).Select(entry => ListEntry(entry, directory, $"{FrenchText.Count(entry.Days, "jour")} de retard")));
        }
        body.Add(Subtle("Écrivez « point » pour le détail, « en retard » pour la liste complète."));
        return new AdaptiveCard
        {
            Body = body,
            FallbackText = $"Bilan de la semaine : {FrenchText.Count(totals.Identified, "nouveau signalement")}, {totals.Overdue} en retard",
            MsTeams = Wide,
        };
    }

    /// <summary>What opens an issue from a list (<see cref="CardParts.OpenIssue"/>).</summary>
    public static ExecuteAction OpenIssue(IssueSnapshot issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return CardParts.OpenIssue(issue.SectorId, issue.Number);
    }

    /// <param name="entries">The first issues of the list (at least <paramref name="maxListed"/> when there are that many).</param>
    /// <param name="count">How many issues the list has (its entries may be only the first ones).</param>
    private static AdaptiveCard List(StatusReport report, IDirectory directory, string? note, int maxListed,
        IReadOnlyList<DeadlineEntry> entries, int count, Func<int, string> heading, Func<int, string> days)
    {
        var body = new List<CardElement>
        {
            Title(heading(count)),
            Subtle($"{report.Query.Scope.Describe(directory)} · situation au {FrenchDateFormat.Long(report.Today)}"),
        };
        if (note is not null)
        {
            body.Add(Subtle(note));
        }
        body.AddRange(entries.Take(maxListed).Select(e => ListEntry(e, directory, days(e.Days))));
        if (count > maxListed)
        {
            body.Add(Subtle($"… et {FrenchText.Count(count - maxListed, "autre signalement")}. Précisez un secteur pour les voir (« en retard Gap »)."));
        }
        else if (entries.Count > 0)
        {
            body.Add(Subtle("Touchez un signalement pour l'ouvrir."));
        }
        return new AdaptiveCard { Body = body, FallbackText = heading(count), MsTeams = Wide };
    }

    /// <summary>
    /// One issue of a list: number, how late (or how soon), status; sector, place, category; deadline and the
    /// referent in charge. The whole line opens the issue (<see cref="OpenIssue"/>).
    /// </summary>
    private static Container ListEntry(DeadlineEntry entry, IDirectory directory, string days)
    {
        var issue = entry.Issue;
        var sector = directory.FindSector(issue.SectorId);
        var status = issue.IsPaused ? "en pause" : issue.Status.ToFrench().ToLower(French);
        var place = issue.SiteId is { } siteId && directory.FindSite(siteId) is { } site ? site.Name : "adresse libre";
        var category = directory.FindCategory(issue.CategoryId)?.Label ?? issue.CategoryId;
        var referent = sector is null ? null : directory.FindStaff(sector.ReferentObjectId)?.DisplayName;
        return new Container
        {
            Separator = true,
            SelectAction = OpenIssue(issue),
            Items =
            [
                new TextBlock($"**{issue.Number}** · {days} · {status}") { Color = "Accent" },
                new TextBlock($"{sector?.Name ?? issue.SectorId} · {CardText.Clean(place, 80)} · {category}") { Spacing = "None" },
                new TextBlock($"Échéance le {FrenchDateFormat.Long(issue.Deadline)} · référent : {referent ?? "non désigné"}")
                {
                    IsSubtle = true,
                    Spacing = "None",
                },
            ],
        };
    }

    /// <summary>"**2** nouveaux signalements": a count of the digest, agreed in number.</summary>
    private static TextBlock CountLine(int count, string singular, string plural, string? rest = null, string spacing = "None") =>
        new($"**{Number(count)}** {(count is 0 or 1 ? singular : plural)}{rest}") { Spacing = spacing };

    private static string OpenToday(StatusFigures figures) =>
        figures.Open == 0
            ? "0"
            : $"{Number(figures.Open)}, dont {figures.Overdue} en retard et {figures.DueSoon} à échéance sous 7 jours";

    private static List<Fact> PeriodFacts(StatusFigures figures, bool followUpPartial)
    {
        var closed = string.Join(" · ", figures.ClosedByOutcome.Select(c => $"{c.Key.ToFrench().ToLower(French)} {c.Value}"));
        var onTime = figures.OnTime.ToFrench() + (figures.OnTimePaused > 0 ? $", dont {figures.OnTimePaused} en pause" : "");
        var median = figures.MedianDaysToResponse is { } days
            ? $"{FrenchText.Count(days, "jour")} (sur {FrenchText.Count(figures.ResponsesMeasured, "réponse")})"
            : "—";
        var follow = figures.FollowUp;
        var followUp = $"oui {follow.Yes} · en partie {follow.Partly} · non {follow.No}"
            + (followUpPartial ? " (clôtures les plus récentes seulement)" : "");
        return
        [
            new Fact("Problèmes identifiés", Number(figures.Identified)),
            new Fact("Problèmes résolus", Number(figures.Resolved)),
            new Fact("Clos", figures.Closed == 0 ? "0" : $"{Number(figures.Closed)} ({closed})"),
            new Fact("Réponses dans les délais", onTime),
            new Fact("Délai médian de réponse", median),
            new Fact("Suivi par les partenaires", followUp),
        ];
    }

    /// <summary>One block per row: the name in bold, then its figures on a line of their own (readable on a phone).</summary>
    private static void AddBreakdown(List<CardElement> body, string heading, IReadOnlyList<StatusBreakdown> rows, Func<string, string> name)
    {
        if (rows.Count == 0)
        {
            return;
        }
        body.Add(Heading(heading));
        foreach (var row in rows)
        {
            var f = row.Figures;
            body.Add(new Container
            {
                Spacing = "Small",
                Items =
                [
                    new TextBlock(CardText.Clean(name(row.Id), 80)) { Weight = "Bolder" },
                    new TextBlock($"{FrenchText.Count(f.Open, "ouvert")}, dont {f.Overdue} en retard · {FrenchText.Count(f.Identified, "identifié")} "
                        + $"sur la période · réponses dans les délais : {f.OnTime.ToFrench()}") { Spacing = "None" },
                ],
            });
        }
    }

    private static CardImage Chart(byte[] png, string altText) =>
        new() { Url = StatusChart.ToDataUri(png), AltText = altText, Spacing = "Small" };

    private static TeamsCardProperties Wide => new() { Width = "Full" };

    private static TextBlock Title(string text) => new(text) { Size = "Medium", Weight = "Bolder" };

    private static TextBlock Heading(string text) => new(text) { Weight = "Bolder", Spacing = "Medium" };

    private static TextBlock Subtle(string text) => new(text) { IsSubtle = true, Spacing = "Small" };

    private static string Number(int value) => value.ToString("#,0", French);
}

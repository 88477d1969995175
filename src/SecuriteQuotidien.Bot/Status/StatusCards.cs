using System.Globalization;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Bot.Status;

/// <summary>The status cards (Adaptive Card 1.5): the « point » card, the two lists and the weekly digest.</summary>
public static class StatusCards
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The « point » card: stocks today, flows of the period, breakdowns and the chart.</summary>
    public static AdaptiveCard Summary(StatusReport report, IDirectory directory, string? note, byte[]? chartPng, bool followUpPartial)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(directory);
        var totals = report.Totals;
        var body = new List<CardElement>
        {
            Title($"Point : {report.Query.Scope.Describe(directory)}"),
            Subtle($"Période : {report.Query.Period?.Label ?? "depuis le début"} · situation au {FrenchDateFormat.Long(report.Today)}"),
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
                new Fact("Ouverts", $"{totals.Open} (dont {totals.Overdue} en retard, {totals.DueSoon} à échéance sous 7 jours)"),
                new Fact("En pause", Count(totals.Paused)),
                new Fact("Rouverts", Count(totals.Reopened)),
            ],
        });
        body.Add(Heading("Sur la période"));
        body.Add(new FactSet { Facts = PeriodFacts(totals, followUpPartial) });
        if (chartPng is not null)
        {
            body.Add(new CardImage
            {
                Url = StatusChart.ToDataUri(chartPng),
                AltText = "Graphique par secteur : réponses dans les délais, hors délais et signalements ouverts",
                Spacing = "Medium",
            });
        }
        AddBreakdown(body, "Par secteur", report.BySector, id => directory.FindSector(id)?.Name ?? id);
        AddBreakdown(body, "Par catégorie", report.ByCategory, id => directory.FindCategory(id)?.Label ?? id);
        body.Add(Subtle("Formules : « part dans les délais » compte tous les signalements dont l'échéance tombe dans la période, "
            + "y compris ceux encore ouverts et en retard ; en dessous de 5 signalements, seuls les nombres sont donnés. "
            + "Écrivez « en retard » ou « échéances » pour les listes."));
        return new AdaptiveCard { Body = body, FallbackText = $"Point : {totals.Open} ouverts, {totals.Overdue} en retard", MsTeams = Wide };
    }

    /// <summary>« en retard »: overdue issues, the oldest deadline first.</summary>
    public static AdaptiveCard Overdue(StatusReport report, IDirectory directory, string? note, int maxListed) =>
        List(report, directory, note, maxListed, report.Overdue, report.Totals.Overdue,
            count => count == 0 ? "Aucun signalement en retard." : $"{Plural(count, "signalement")} en retard, du plus ancien au plus récent",
            days => $"{Plural(days, "jour")} de retard");

    /// <summary>« échéances »: issues due within 7 days, the nearest first.</summary>
    public static AdaptiveCard DueSoon(StatusReport report, IDirectory directory, string? note, int maxListed) =>
        List(report, directory, note, maxListed, report.DueSoon, report.Totals.DueSoon,
            count => count == 0
                ? "Aucun signalement à échéance dans les 7 prochains jours."
                : $"{Plural(count, "signalement")} à échéance dans les 7 prochains jours",
            days => days switch
            {
                0 => "échéance aujourd'hui",
                1 => "échéance demain",
                _ => $"échéance dans {days} jours",
            });

    /// <summary>The weekly digest of one recipient (the department or one sector).</summary>
    public static AdaptiveCard Digest(StatusReport report, IDirectory directory, string scopeLabel)
    {
        ArgumentNullException.ThrowIfNull(report);
        var totals = report.Totals;
        var period = report.Query.Period!;
        var missed = totals.OnTime.Denominator - totals.OnTime.Numerator;
        var body = new List<CardElement>
        {
            Title($"Bilan de la semaine : {scopeLabel}"),
            Subtle($"Du {FrenchDateFormat.Long(period.From)} au {FrenchDateFormat.Long(period.To)}"),
            new FactSet
            {
                Facts =
                [
                    new Fact("Nouveaux signalements", Count(totals.Identified)),
                    new Fact("Réponses ciblées engagées", Count(totals.ResponsesMeasured)),
                    new Fact("Échéances J+30 dépassées sans réponse à temps", Count(missed)),
                    new Fact("En retard aujourd'hui", Count(totals.Overdue)),
                    new Fact("Ouverts aujourd'hui", Count(totals.Open)),
                    new Fact("Problèmes résolus", Count(totals.Resolved)),
                ],
            },
        };
        foreach (var entry in report.Overdue.Take(WeeklyDigest.DigestListed))
        {
            body.Add(ListEntry(entry, directory, $"{Plural(entry.Days, "jour")} de retard"));
        }
        body.Add(Subtle("Écrivez « point » pour le détail, « en retard » pour la liste complète."));
        return new AdaptiveCard
        {
            Body = body,
            FallbackText = $"Bilan de la semaine : {totals.Identified} nouveaux, {totals.Overdue} en retard",
            MsTeams = Wide,
        };
    }

    /// <summary>
    /// Link to an issue's thread: <c>https://teams.microsoft.com/l/message/{channelId}/{rootActivityId}?tenantId=…&amp;parentMessageId={rootActivityId}</c>.
    /// The channel id is the thread conversation id before ";messageid="; the root post's id is its message id.
    /// Teams also accepts groupId (the team's Entra group id), which the directory does not hold: without it,
    /// the link opens the thread for members of the team.
    /// </summary>
    public static string ThreadLink(ChannelThread thread, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(thread);
        var channelId = thread.ConversationId.Split(';')[0];
        var root = Uri.EscapeDataString(thread.RootActivityId);
        return $"https://teams.microsoft.com/l/message/{Uri.EscapeDataString(channelId)}/{root}"
            + $"?tenantId={Uri.EscapeDataString(tenantId)}&parentMessageId={root}";
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
            body.Add(Subtle($"… et {Plural(count - maxListed, "autre signalement")}. Précisez un secteur pour les voir (« en retard Gap »)."));
        }
        return new AdaptiveCard { Body = body, FallbackText = heading(count), MsTeams = Wide };
    }

    private static Container ListEntry(DeadlineEntry entry, IDirectory directory, string days)
    {
        var issue = entry.Issue;
        var number = issue.Number.ToString();
        var title = issue.Thread is { } thread ? $"[{number}]({ThreadLink(thread, directory.TenantId)})" : number;
        var sector = directory.FindSector(issue.SectorId)?.Name ?? issue.SectorId;
        var category = directory.FindCategory(issue.CategoryId)?.Label ?? issue.CategoryId;
        var paused = issue.IsPaused ? " · en pause" : "";
        return new Container
        {
            Separator = true,
            Items =
            [
                new TextBlock($"**{title}** · {days}{paused}"),
                new TextBlock($"{sector} · {category} · échéance le {FrenchDateFormat.Long(issue.Deadline)}") { IsSubtle = true, Spacing = "None" },
            ],
        };
    }

    private static List<Fact> PeriodFacts(StatusFigures figures, bool followUpPartial)
    {
        var closed = string.Join(" · ", figures.ClosedByOutcome.Select(c => $"{c.Key.ToFrench().ToLower(French)} {c.Value}"));
        var onTime = figures.OnTime.ToFrench() + (figures.OnTimePaused > 0 ? $", dont {figures.OnTimePaused} en pause" : "");
        var median = figures.MedianDaysToResponse is { } days
            ? $"{days.ToString("0.#", French)} jours (sur {Plural(figures.ResponsesMeasured, "réponse")})"
            : "—";
        var follow = figures.FollowUp;
        var followUp = $"Oui {follow.Yes} · En partie {follow.Partly} · Non {follow.No}"
            + (followUpPartial ? " (clôtures les plus récentes seulement)" : "");
        return
        [
            new Fact("Problèmes identifiés", Count(figures.Identified)),
            new Fact("Problèmes résolus", Count(figures.Resolved)),
            new Fact("Clos par issue", $"{figures.Closed} ({closed})"),
            new Fact("Réponses dans les délais", onTime),
            new Fact("Délai médian de première réponse", median),
            new Fact("Retours des partenaires au suivi", followUp),
        ];
    }

    private static void AddBreakdown(List<CardElement> body, string heading, IReadOnlyList<StatusBreakdown> rows, Func<string, string> name)
    {
        if (rows.Count == 0)
        {
            return;
        }
        body.Add(Heading(heading));
        body.Add(new FactSet
        {
            Facts =
            [
                .. rows.Select(r => new Fact(CardText.Clean(name(r.Id), 80),
                    $"{r.Figures.Open} ouverts ({r.Figures.Overdue} en retard) · délais : {r.Figures.OnTime.ToFrench()} · {r.Figures.Identified} identifiés")),
            ],
        });
    }

    private static TeamsCardProperties Wide => new() { Width = "Full" };

    private static TextBlock Title(string text) => new(text) { Size = "Medium", Weight = "Bolder" };

    private static TextBlock Heading(string text) => new(text) { Weight = "Bolder", Spacing = "Medium" };

    private static TextBlock Subtle(string text) => new(text) { IsSubtle = true, Spacing = "Small" };

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Plural(int count, string noun) =>
        count > 1 ? $"{count} {string.Join(' ', noun.Split(' ').Select(w => w + "s"))}" : $"{count} {noun}";
}

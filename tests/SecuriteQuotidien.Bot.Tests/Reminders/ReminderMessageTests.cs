using SecuriteQuotidien.Bot.Reminders;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;
using SecuriteQuotidien.Storage.Departments;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Reminders;

public sealed class ReminderMessageTests
{
    private static readonly IDirectory Directory = DepartmentFileLoader.Parse(File.ReadAllText(RepoPaths.Combine("departments", "hautes-alpes.json")), "hautes-alpes.json");
    private static readonly DateOnly Deadline = new(2026, 12, 27);

    private static Issue Issue(IssueSite site) => new()
    {
        Number = IssueNumber.Parse("05-2026-0042"),
        CreatedAt = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero),
        Deadline = Deadline,
        SectorId = "gap-hyper-centre",
        CategoryId = "incivilites",
        Reporter = new IssueReporter(DemoPeople.Partner, "org"),
        Site = site,
        LastOccurrence = new DateOnly(2026, 11, 26),
        TimeOfDay = TimeOfDay.Evening,
        Frequency = IssueFrequency.Daily,
        Description = "Regroupement bruyant chaque soir.",
    };

    private static readonly Issue KnownSite = Issue(IssueSite.Known("gap-residence-les-cedres-hall-a"));

    private static PlannedReminder Reminder(string key, ReminderKind kind, int offset, DateOnly due) =>
        new(key, kind, offset, due, new DateTimeOffset(due.ToDateTime(new TimeOnly(7, 30)), TimeSpan.Zero));

    public static TheoryData<string, ReminderKind, int, string, string> Variants => new()
    {
        { "J15", ReminderKind.Upcoming, 15, "2026-12-12",
            "Relance J+15 — signalement 05-2026-0042 (Incivilités, Résidence Les Cèdres – hall A) : réponse ciblée attendue d'ici le 27 décembre 2026 (dans 15 jours)." },
        { "J30", ReminderKind.Deadline, 30, "2026-12-27",
            "Échéance aujourd'hui — signalement 05-2026-0042 (Incivilités, Résidence Les Cèdres – hall A) : réponse ciblée attendue aujourd'hui, 27 décembre 2026." },
        { "J30", ReminderKind.Deadline, 30, "2026-12-24",
            "Échéance J+30 — signalement 05-2026-0042 (Incivilités, Résidence Les Cèdres – hall A) : réponse ciblée attendue d'ici le 27 décembre 2026 (dans 3 jours)." },
        { "J28", ReminderKind.Upcoming, 28, "2026-12-26",
            "Relance J+28 — signalement 05-2026-0042 (Incivilités, Résidence Les Cèdres – hall A) : réponse ciblée attendue d'ici le 27 décembre 2026 (dans 1 jour)." },
        { "R37", ReminderKind.Overdue, 37, "2027-01-03",
            "En retard de 7 jours — signalement 05-2026-0042 (Incivilités, Résidence Les Cèdres – hall A) : réponse ciblée attendue, échéance du 27 décembre 2026 dépassée." },
    };

    /// <summary>One reminder card per variant, for the card catalog (wording, rendering).</summary>
    public static IReadOnlyDictionary<string, AdaptiveCard> AllCards()
    {
        var cards = new Dictionary<string, AdaptiveCard>();
        foreach (var row in Variants)
        {
            var (key, kind, offset, today) = ((string)row[0], (ReminderKind)row[1], (int)row[2], (string)row[3]);
            var day = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture);
            cards[$"reminder-{key}-{today}"] = ReminderMessage.Card(KnownSite, Reminder(key, kind, offset, day), new DeadlineStatus(Deadline, day), Directory, mentionDeputy: true);
        }
        return cards;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_sentence_says_where_the_issue_stands(string key, ReminderKind kind, int offset, string today, string expected)
    {
        var day = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture);
        var sentence = ReminderMessage.Sentence(KnownSite, Reminder(key, kind, offset, day), new DeadlineStatus(Deadline, day), Directory);
        Assert.Equal(expected, sentence);
    }

    [Fact]
    public void A_typed_address_is_shown_literally_and_cannot_forge_a_mention()
    {
        var issue = Issue(IssueSite.Address("<at>Commissaire</at> 3 rue **Carnot**"));
        var day = new DateOnly(2026, 12, 12);
        var card = ReminderMessage.Card(issue, Reminder("J15", ReminderKind.Upcoming, 15, day), new DeadlineStatus(Deadline, day), Directory, mentionDeputy: true);

        var literal = Assert.IsType<RichTextBlock>(card.Body[0]);
        Assert.DoesNotContain("<at>", literal.Inlines[0].Text, StringComparison.Ordinal);
        Assert.Equal(2, card.MsTeams!.Entities!.Count);
        Assert.All(card.MsTeams.Entities, m => Assert.Contains(m.Text, ((TextBlock)card.Body[1]).Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_reminder_card_variant_parses_at_version_1_5()
    {
        var cards = new Dictionary<string, string>();
        foreach (var row in Variants)
        {
            var (key, kind, offset, today) = ((string)row[0], (ReminderKind)row[1], (int)row[2], (string)row[3]);
            var day = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture);
            foreach (var deputy in new[] { true, false })
            {
                cards[$"reminder-{key}-{today}-{deputy}"] = ReminderMessage.Card(KnownSite, Reminder(key, kind, offset, day),
                    new DeadlineStatus(Deadline, day), Directory, deputy).ToJson();
            }
        }
        var verdicts = await CardValidator.ValidateAsync(cards);
        Assert.Equal(cards.Count, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.Ok, $"{v.File}: {string.Join("; ", v.Errors)}"));
    }
}

using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Intake;
using SecuriteQuotidien.Bot.IssueCard;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Departments;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.IssueCard;

/// <summary>The root card read at a glance: a header that follows the status, its main action first, the others behind « Plus… ».</summary>
public sealed class RootCardLayoutTests
{
    private static readonly IDirectory Directory =
        DepartmentFileLoader.LoadAsync(RepoPaths.Combine("departments", "hautes-alpes.json"), CancellationToken.None).GetAwaiter().GetResult();

    private static readonly DateTimeOffset Created = new(2026, 11, 17, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 18);

    private static Issue NewIssue()
    {
        var form = new IntakeForm
        {
            DraftId = Guid.Empty.ToString(),
            Sector = DemoDepartment.GapCentre,
            Category = "occupation-parties-communes/halls",
            Site = DemoDepartment.HallA,
            Date = "2026-11-16",
            TimeOfDay = "soiree",
            Frequency = "chaque-semaine",
            Description = "Un groupe occupe le hall chaque soir.",
        };
        var draft = new IntakeValidator(Directory).ToDraft(form, Directory.FindPartner(DemoPeople.Camille)!);
        return Issue.Open(draft, IssueNumber.Parse("05-2026-0001"), Created, new DateOnly(2026, 12, 17)).Issue;
    }

    private static (string Header, IReadOnlyList<string> Top, IReadOnlyList<string> More, JsonObject Card) Read(Issue issue)
    {
        var card = JsonNode.Parse(IssueRootCard.Build(issue, Directory, Today).ToJson())!.AsObject();
        var header = card["body"]![1]!["text"]?.GetValue<string>() ?? "";
        var top = card["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()).ToList();
        var more = CardClient.Actions(card).Select(a => a["title"]!.GetValue<string>()).Skip(1).ToList();
        return (header, top, more, card);
    }

    [Fact]
    public void A_new_issue_waits_to_be_taken_in_charge_and_that_is_its_first_button()
    {
        var (header, top, more, card) = Read(NewIssue());

        Assert.EndsWith("ce nouveau signalement de votre secteur attend d'être pris en compte.", header, StringComparison.Ordinal);
        Assert.Equal(["Prendre en compte", IssueRootCard.MoreButton], top);
        Assert.Equal(["Réponse ciblée", "Demander une précision", "Transférer", "Clôturer", "Masquer un passage", "Ouvrir un diagnostic"], more);
        Assert.Contains("Camille Roux (Résidence Les Cèdres", CardClient.AllText(card), StringComparison.Ordinal);
    }

    [Fact]
    public void Once_taken_in_charge_the_header_no_longer_says_it_waits_and_the_targeted_response_comes_first()
    {
        var acknowledged = NewIssue().Acknowledge(DemoPeople.Julien, Created.AddHours(1)).Issue;

        var (header, top, more, _) = Read(acknowledged);

        Assert.DoesNotContain("attend une réponse ciblée", header, StringComparison.Ordinal);
        Assert.DoesNotContain("attend d'être pris en compte", header, StringComparison.Ordinal);
        Assert.Contains("pris en compte : réponse ciblée attendue au plus tard le 17 décembre 2026", header, StringComparison.Ordinal);
        Assert.Equal(["Réponse ciblée", IssueRootCard.MoreButton], top);
        Assert.Equal(["Demander une précision", "Suspendre", "Transférer", "Clôturer", "Masquer un passage", "Ouvrir un diagnostic"], more);
    }

    [Fact]
    public void Answered_it_offers_closing_first_paused_resuming_and_closed_no_workflow_at_all()
    {
        var answered = NewIssue().Acknowledge(DemoPeople.Julien, Created.AddHours(1)).Issue
            .EngageResponse(DemoPeople.Julien, Created.AddDays(2), "Patrouilles ciblées.").Issue;
        var paused = answered.Pause(DemoPeople.Julien, Created.AddDays(3), "Enquête en cours").Issue;
        var closed = answered.Close(DemoPeople.Julien, Created.AddDays(4), IssueOutcome.Resolved).Issue;

        Assert.Equal(["Clôturer", IssueRootCard.MoreButton], Read(answered).Top);
        Assert.EndsWith("référent de ce signalement.", Read(answered).Header, StringComparison.Ordinal);
        Assert.Equal(["Reprendre", IssueRootCard.MoreButton], Read(paused).Top);
        Assert.DoesNotContain("Suspendre", Read(paused).More);
        Assert.Equal(["Masquer un passage", "Ouvrir un diagnostic"], Read(closed).Top);
        Assert.DoesNotContain(CardClient.Actions(Read(closed).Card), a => a["verb"]!.GetValue<string>() is ActionIds.Issue.Close or ActionIds.Issue.Response);
    }

    [Fact]
    public void A_restricted_issue_shared_in_the_channel_names_the_organisation_only()
    {
        var card = JsonNode.Parse(IssueRootCard.Build(NewIssue(), Directory, Today, new RootCardDetails { DetailsWithheld = true }).ToJson())!;

        Assert.Contains("Résidence Les Cèdres", CardClient.Facts(card)["Signalé par"], StringComparison.Ordinal);
        Assert.DoesNotContain("Camille Roux", CardClient.AllText(card), StringComparison.Ordinal);
    }
}

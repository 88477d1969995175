using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.IssueCard;

/// <summary>The cards the partner notifier sends on its own initiative.</summary>
public static class PartnerCards
{
    /// <summary>"Le problème persiste-t-il ?" with Oui / En partie / Non (answered by the partner's answers feature).</summary>
    public static AdaptiveCard FollowUpQuestion(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        CardAction Button(string title, string value) => CardExtensions.Execute(title, ActionIds.Partner.FollowUpAnswer, new JsonObject
        {
            [IssueRef.NumberField] = issue.Number.ToString(),
            [IssueRef.VersionField] = IssueVersion.Of(issue),
            [FollowUpAnswers.Field] = value,
        }, associatedInputs: "none");
        return new AdaptiveCard
        {
            FallbackText = $"Votre signalement {issue.Number} : {IssueFollowUp.Question}",
            Body =
            [
                new TextBlock($"Votre signalement {issue.Number}") { Weight = "Bolder" },
                CardText.Literal(issue.Description, maxLength: 200, subtle: true),
                new TextBlock($"Il a été clôturé il y a quelque temps. {IssueFollowUp.Question}"),
            ],
            Actions = [Button("Oui", FollowUpAnswers.Yes), Button("En partie", FollowUpAnswers.Partly), Button("Non", FollowUpAnswers.No)],
        };
    }
}

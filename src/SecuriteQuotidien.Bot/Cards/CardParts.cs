using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Cards;

/// <summary>Pieces of cards that several features show the same way (diagnostics, the GPO meeting kit).</summary>
public static class CardParts
{
    /// <summary>
    /// What opens an issue from a list: the issue card's refresh (<see cref="ActionIds.Issue.Refresh"/>) with the
    /// sector and the number; the kernel checks the clicking person against the stored issue and the answer is the
    /// issue card as that person may see it, whether or not the card ever reached a channel.
    /// </summary>
    public static ExecuteAction OpenIssue(string sectorId, IssueNumber number) => new()
    {
        Title = $"Ouvrir le signalement {number}",
        Verb = ActionIds.Issue.Refresh,
        Data = new JsonObject { [IssueRef.SectorField] = sectorId, [IssueRef.NumberField] = number.ToString() },
    };

    /// <summary>A bold heading between two parts of a card.</summary>
    public static TextBlock Heading(string text) => new(text) { Weight = "Bolder", Spacing = "Medium" };

    /// <summary>"Porteur : … · échéance : … · état (en retard)": the facts of a diagnostic's action.</summary>
    public static string ActionFacts(DiagnosticAction action, IDirectory directory, DateOnly today) =>
        $"Porteur : {MeetingAgendaBuilder.OwnerLabel(action.Owner, directory)} · échéance : {FrenchDateFormat.Long(action.DueDate)} · "
        + action.Status.ToFrench() + (action.IsLate(today) ? " (en retard)" : "");

    /// <summary>Who carries an action: the police or an organisation of the department.</summary>
    public static ChoiceSetInput ActionOwnerChoice(IDirectory directory, string id, string? value) => new()
    {
        Id = id,
        Label = "Porteur",
        Style = "compact",
        Placeholder = "Choisissez",
        Choices = [new Choice("Police", DiagnosticAction.PoliceOwner), .. directory.Organisations.Select(o => new Choice(o.Name, o.Id))],
        Value = value,
    };
}

using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.DemoRoles;

/// <summary>
/// « Jouer le rôle de… » (local demo only): the card listing the directory's people, and the switch itself. Outside the
/// local anonymous mode both are refused and nothing changes (<see cref="PlayedPeople"/> refuses as well).
/// </summary>
public sealed partial class DemoRolesFeature(PlayedPeople played, IIssueRepository issues, IDirectory directory, ILogger<DemoRolesFeature> logger)
    : IActionHandler
{
    public const string NoTeamsUser = "Je ne sais pas quel utilisateur de Teams vous êtes : rien n'a été modifié.";

    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!played.IsAvailable)
        {
            return TurnAnswer.Refusal(PlayedPeople.OnlyInLocalDemo);
        }
        var teamsUserId = request.Turn.Activity.From?.Id;
        if (string.IsNullOrWhiteSpace(teamsUserId))
        {
            return TurnAnswer.Refusal(NoTeamsUser);
        }
        if (request.Id == ActionIds.Demo.Roles)
        {
            var current = request.User.AadObjectId is { } objectId ? played.Find(objectId) : null;
            return TurnAnswer.Card(DemoRolesCards.Choose(played.People, current?.DisplayName ?? request.User.DisplayName ?? "personne inconnue",
                current?.Role, played.PlayedBy(teamsUserId) is not null));
        }
        if (FormValues.Text(request.Data, DemoRolesCards.StopField) == "oui")
        {
            played.Stop(teamsUserId);
            LogStopped(logger);
            return TurnAnswer.Card(DemoRolesCards.Stopped());
        }
        var (person, refusal) = played.Play(teamsUserId, FormValues.Text(request.Data, DemoRolesCards.PersonField));
        if (person is null)
        {
            return TurnAnswer.Refusal(refusal!);
        }
        LogPlaying(logger);
        var roles = directory.RolesOf(person.ObjectId);
        var open = new List<Issue>();
        foreach (var sectorId in roles.PoliceSectorIds)
        {
            open.AddRange((await issues.ListBySectorAsync(sectorId, cancellationToken)).Where(i => i.IsOpen));
        }
        var listed = open.OrderByDescending(i => i.CreatedAt).Take(DemoRolesCards.ListedIssues).ToList();
        return TurnAnswer.Card(DemoRolesCards.Playing(person.DisplayName, person.Role, roles, listed, directory));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local demo: a Teams user now plays another person of the directory")]
    private static partial void LogPlaying(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Local demo: a Teams user stopped playing another person")]
    private static partial void LogStopped(ILogger logger);
}

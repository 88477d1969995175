using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.Bot.Turns;

/// <summary>The author of an activity, with the roles the department directory gives them.</summary>
public sealed record BotUser(string? AadObjectId, string? TeamsUserId, string? DisplayName, PersonRoles Roles)
{
    public bool IsKnown => Roles.IsKnown;
}

/// <summary>Roles come from the department directory, by Entra object id; names from the directory first.</summary>
public sealed class DirectoryUserResolver(IDirectory directory) : IUserResolver
{
    public BotUser Resolve(Activity activity)
    {
        var objectId = activity.From?.AadObjectId;
        if (string.IsNullOrWhiteSpace(objectId))
        {
            return new BotUser(null, activity.From?.Id, activity.From?.Name, new PersonRoles());
        }
        var roles = directory.RolesOf(objectId);
        var name = roles.Partner?.DisplayName ?? directory.FindStaff(objectId)?.DisplayName ?? activity.From?.Name;
        return new BotUser(objectId, activity.From?.Id, name, roles);
    }
}

/// <summary>Resolves the author of an activity to a person of the directory and their roles.</summary>
public interface IUserResolver
{
    BotUser Resolve(Activity activity);
}

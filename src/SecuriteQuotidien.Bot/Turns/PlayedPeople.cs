using System.Collections.Concurrent;
using SecuriteQuotidien.BotFramework.Configuration;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Departments;

namespace SecuriteQuotidien.Bot.Turns;

/// <summary>A person of the department directory the demo lets one play, with what they are in French.</summary>
public sealed record PlayablePerson(string ObjectId, string DisplayName, string Role);

/// <summary>
/// The local demo's « Jouer le rôle de… »: in the local anonymous mode only (<see cref="LocalMode.IsEnabled"/>:
/// Development, no app id, not on App Service; the messaging endpoint then serves loopback requests only), the
/// person at the keyboard may say which directory person they are. The Agents Playground has one current user
/// whose Entra object id is that of a person of the demo directory: the directory maps it to its roles
/// (<see cref="DirectoryUserResolver"/>). A switch replaces, in every activity of that Teams user, the object id
/// and the name with the played person's before the kernel reads them, so that rights, conversation references
/// (the personal chat becomes the played person's too) and answers are the played person's. Outside the local mode
/// nothing can be switched and activities are never changed.
/// </summary>
public sealed class PlayedPeople
{
    /// <summary>Key of a switch that applies to every Teams user (made over HTTP, which names no Teams user).</summary>
    private const string Everyone = "";

    private readonly LocalMode _localMode;
    private readonly ConcurrentDictionary<string, PlayablePerson> _played = new(StringComparer.Ordinal);

    public PlayedPeople(LocalMode localMode, IDirectory directory)
    {
        _localMode = localMode;
        People = Build(directory);
    }

    public const string OnlyInLocalDemo =
        "Changer de rôle n'est possible que dans la démonstration locale (bot lancé par scripts/run-local.sh, sans identifiant d'application) : rien n'a été modifié.";

    public const string UnknownPerson =
        "Je ne trouve pas cette personne (une seule) dans l'annuaire du département : rien n'a été modifié.";

    /// <summary>True in the local anonymous mode: roles may be switched.</summary>
    public bool IsAvailable => _localMode.IsEnabled;

    /// <summary>Every person of the directory: partners, then referents and deputies, the commissioner, the administrators.</summary>
    public IReadOnlyList<PlayablePerson> People { get; }

    /// <summary>The person <paramref name="teamsUserId"/> plays (null: every Teams user), or null when they play nobody.</summary>
    public PlayablePerson? PlayedBy(string? teamsUserId) =>
        _played.TryGetValue(teamsUserId ?? Everyone, out var person) ? person : null;

    /// <summary>Every switch in force: Teams user id ("" for everyone) → person.</summary>
    public IReadOnlyDictionary<string, PlayablePerson> Switches => new Dictionary<string, PlayablePerson>(_played, StringComparer.Ordinal);

    /// <summary>
    /// From now on <paramref name="teamsUserId"/> (null: every Teams user, whose own switches end) is
    /// <paramref name="person"/> (an object id or a name, see <see cref="Find"/>). Returns the person, or the French reason nothing changed.
    /// </summary>
    public (PlayablePerson? Person, string? Refusal) Play(string? teamsUserId, string? person)
    {
        if (!IsAvailable)
        {
            return (null, OnlyInLocalDemo);
        }
        var played = Find(person);
        if (played is null)
        {
            return (null, UnknownPerson);
        }
        if (teamsUserId is null)
        {
            // Everyone plays this person: no Teams user keeps a switch of their own.
            _played.Clear();
        }
        _played[teamsUserId ?? Everyone] = played;
        return (played, null);
    }

    /// <summary>Ends the switch of <paramref name="teamsUserId"/> (null: every switch); false outside the local mode.</summary>
    public bool Stop(string? teamsUserId)
    {
        if (!IsAvailable)
        {
            return false;
        }
        if (teamsUserId is null)
        {
            _played.Clear();
        }
        else
        {
            _played.TryRemove(teamsUserId, out _);
        }
        return true;
    }

    /// <summary>
    /// Gives the activity the played person's object id and name (its Teams user id stays: the switch is keyed on it,
    /// and the playground addresses its one user by it). Does nothing outside the local mode or without a switch.
    /// </summary>
    public void Apply(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!IsAvailable || _played.IsEmpty || activity.From is not { } from)
        {
            return;
        }
        var person = (from.Id is { } id ? PlayedBy(id) : null) ?? PlayedBy(null);
        if (person is null)
        {
            return;
        }
        from.AadObjectId = person.ObjectId;
        from.Name = person.DisplayName;
    }

    /// <summary>
    /// The person named by <paramref name="query"/>: their object id, or a part of their name (case and accents
    /// ignored) that only they have. Null when nobody or several people match.
    /// </summary>
    public PlayablePerson? Find(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return null;
        }
        var byId = People.FirstOrDefault(p => string.Equals(p.ObjectId, query.Trim(), StringComparison.OrdinalIgnoreCase));
        if (byId is not null)
        {
            return byId;
        }
        var wanted = Commands.CommandTable.Normalize(query);
        var byName = People.Where(p => Commands.CommandTable.Normalize(p.DisplayName).Contains(wanted, StringComparison.Ordinal)).ToList();
        return byName.Count == 1 ? byName[0] : null;
    }

    private static List<PlayablePerson> Build(IDirectory directory)
    {
        var people = new List<PlayablePerson>();
        people.AddRange(directory.Partners.Select(p =>
            new PlayablePerson(p.ObjectId, p.DisplayName, $"partenaire ({p.Organisation.Name}), {SectorNames(directory, p.SectorIds)}")));
        var police = directory.Sectors.SelectMany(s => new[] { s.ReferentObjectId, s.DeputyObjectId })
            .Concat([directory.CommissionerObjectId]).Concat(directory.AdministratorObjectIds)
            .Where(id => !string.IsNullOrWhiteSpace(id))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var objectId in police)
        {
            var name = directory.FindStaff(objectId)?.DisplayName ?? objectId;
            people.Add(new PlayablePerson(objectId, name, PoliceRole(directory, directory.RolesOf(objectId))));
        }
        return people;
    }

    private static string PoliceRole(IDirectory directory, PersonRoles roles)
    {
        var parts = new List<string>();
        if (roles.ReferentOf.Count > 0)
        {
            parts.Add($"référent de {SectorNames(directory, roles.ReferentOf)}");
        }
        if (roles.DeputyOf.Count > 0)
        {
            parts.Add($"adjoint de {SectorNames(directory, roles.DeputyOf)}");
        }
        if (roles.IsCommissioner)
        {
            parts.Add("commissaire");
        }
        if (roles.IsAdministrator)
        {
            parts.Add("administrateur");
        }
        return parts.Count == 0 ? "police" : string.Join(", ", parts);
    }

    private static string SectorNames(IDirectory directory, IEnumerable<string> sectorIds) =>
        string.Join(", ", sectorIds.Select(id => directory.FindSector(id)?.Name ?? id));
}

using System.Text.Json;
using System.Text.RegularExpressions;
using SecuriteQuotidien.Domain.Departments;

namespace SecuriteQuotidien.Storage.Departments;

/// <summary>The department file is invalid. The message lists each bad field by its path, in French.</summary>
public sealed class DepartmentFileException(string source, IReadOnlyList<string> errors)
    : Exception($"Fichier de département invalide ({source}) :{Environment.NewLine}- " + string.Join(Environment.NewLine + "- ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>Reads and validates a department file (JSON). Fails fast with every bad field named.</summary>
public static partial class DepartmentFileLoader
{
    public const int MaxResponseDelayDays = 365;

    private static readonly Dictionary<string, SectorZone> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hyper-centre"] = SectorZone.HyperCentre,
        ["grands ensembles économiques"] = SectorZone.BusinessZones,
        ["zones à forte densité de population"] = SectorZone.DenseHousing,
    };

    private static readonly Dictionary<string, PartnerType> PartnerTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bailleur"] = PartnerType.Bailleur,
        ["concierge"] = PartnerType.Concierge,
        ["transporteur"] = PartnerType.Transporteur,
        ["CCI"] = PartnerType.Cci,
        ["association"] = PartnerType.Association,
        ["commerce"] = PartnerType.Commerce,
        ["autre"] = PartnerType.Autre,
    };

    public static async Task<DepartmentDirectory> LoadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new DepartmentFileException(path, ["fichier introuvable"]);
        }
        await using var stream = File.OpenRead(path);
        return await ParseAsync(stream, path, cancellationToken);
    }

    public static DepartmentDirectory Parse(string json, string source)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return ParseAsync(stream, source, CancellationToken.None).GetAwaiter().GetResult();
    }

    public static async Task<DepartmentDirectory> ParseAsync(Stream json, string source, CancellationToken cancellationToken)
    {
        DepartmentFile? file;
        try
        {
            file = await JsonSerializer.DeserializeAsync(json, DepartmentFileJsonContext.Default.DepartmentFile, cancellationToken);
        }
        catch (JsonException ex)
        {
            var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "(racine)" : ex.Path.TrimStart('$', '.');
            var what = ex.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "champ inconnu" : "JSON mal formé";
            throw new DepartmentFileException(source, [$"{path}: {what} (ligne {ex.LineNumber + 1})"]);
        }
        if (file is null)
        {
            throw new DepartmentFileException(source, ["(racine): objet JSON attendu"]);
        }
        var validator = new Validator();
        var department = validator.Build(file);
        if (validator.Errors.Count > 0)
        {
            throw new DepartmentFileException(source, validator.Errors);
        }
        return new DepartmentDirectory(department!);
    }

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^(?:[0-9]{2,3}|2[AB])$", RegexOptions.CultureInvariant)]
    private static partial Regex DepartmentCodePattern();

    private sealed partial class Validator
    {
        public List<string> Errors { get; } = [];

        private void Error(string path, string message) => Errors.Add($"{path}: {message}");

        private string Text(string path, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Error(path, "valeur obligatoire");
                return "";
            }
            return value.Trim();
        }

        private string ObjectId(string path, string? value)
        {
            if (!Guid.TryParse(value, out var id))
            {
                Error(path, "GUID attendu");
                return "";
            }
            return id.ToString("D");
        }

        private string Slug(string path, string? value, HashSet<string> seen)
        {
            var id = Text(path, value);
            if (id.Length == 0)
            {
                return id;
            }
            if (!SlugPattern().IsMatch(id))
            {
                Error(path, "identifiant attendu en minuscules, chiffres et tirets (ex. gap-hyper-centre)");
            }
            else if (!seen.Add(id))
            {
                Error(path, $"identifiant en double « {id} »");
            }
            return id;
        }

        // The present items of a list with their paths; a null item is reported and skipped.
        private IEnumerable<(T Item, string Path)> Each<T>(List<T?>? items, string path) where T : class
        {
            foreach (var (item, i) in (items ?? []).Select((item, i) => (item, i)))
            {
                if (item is null)
                {
                    Error($"{path}[{i}]", "objet attendu");
                    continue;
                }
                yield return (item, $"{path}[{i}]");
            }
        }

        private string UniqueObjectId(string path, string? value, HashSet<string> seen)
        {
            var id = ObjectId(path, value);
            if (id.Length > 0 && !seen.Add(id))
            {
                Error(path, $"identifiant en double « {id} »");
            }
            return id;
        }

        private void Known(string path, string id, IReadOnlySet<string> known, string what)
        {
            if (id.Length > 0 && !known.Contains(id))
            {
                Error(path, $"{what} inconnu « {id} »");
            }
        }

        private TEnum Choice<TEnum>(string path, string? value, Dictionary<string, TEnum> choices) where TEnum : struct
        {
            if (value is not null && choices.TryGetValue(value.Trim(), out var choice))
            {
                return choice;
            }
            Error(path, "valeur attendue parmi : " + string.Join(", ", choices.Keys));
            return default;
        }

        public Department? Build(DepartmentFile file)
        {
            var code = Text("code", file.Code);
            if (code.Length > 0 && !DepartmentCodePattern().IsMatch(code))
            {
                Error("code", "code de département attendu (ex. 05)");
            }
            var name = Text("name", file.Name);
            var tenantId = ObjectId("tenantId", file.TenantId);
            var timeZone = TimeZoneOf(file.TimeZone);

            var staff = BuildStaff(file.Staff);
            var staffIds = staff.Select(s => s.ObjectId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var commissioner = ObjectId("commissionerObjectId", file.CommissionerObjectId);
            Known("commissionerObjectId", commissioner, staffIds, "membre de staff");
            var administrators = new List<string>();
            foreach (var (value, path) in (file.AdministratorObjectIds ?? []).Select((v, i) => (v, $"administratorObjectIds[{i}]")))
            {
                var id = ObjectId(path, value);
                Known(path, id, staffIds, "membre de staff");
                administrators.Add(id);
            }

            var sectors = BuildSectors(file.Sectors, staffIds);
            var sectorIds = sectors.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var organisations = BuildOrganisations(file.Organisations);
            var partners = BuildPartners(file.Partners, organisations, sectorIds);
            var categories = BuildCategories(file.Categories);
            var sites = BuildSites(file.Sites, sectorIds);
            var diagnostics = BuildDiagnostics(file.Diagnostics, file.Evaluation);

            return Errors.Count > 0 ? null : new Department
            {
                Code = code,
                Name = name,
                TenantId = tenantId,
                TimeZone = timeZone!,
                Sectors = sectors,
                Organisations = [.. organisations.Values],
                Partners = partners,
                Staff = staff,
                CommissionerObjectId = commissioner,
                AdministratorObjectIds = administrators,
                Categories = categories,
                Sites = sites,
                Diagnostics = diagnostics,
            };
        }

        private TimeZoneInfo? TimeZoneOf(string? id)
        {
            if (!string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone))
            {
                return zone;
            }
            Error("timeZone", "fuseau horaire IANA attendu (ex. Europe/Paris)");
            return null;
        }

        private List<StaffMember> BuildStaff(List<StaffFile?>? items)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var staff = new List<StaffMember>();
            foreach (var (item, path) in Each(items, "staff"))
            {
                var id = UniqueObjectId($"{path}.objectId", item.ObjectId, seen);
                staff.Add(new StaffMember(id, Text($"{path}.displayName", item.DisplayName)));
            }
            return staff;
        }

        private List<Sector> BuildSectors(List<SectorFile?>? items, HashSet<string> staffIds)
        {
            if (items is null || items.Count == 0)
            {
                Error("sectors", "au moins un secteur attendu");
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var sectors = new List<Sector>();
            foreach (var (item, path) in Each(items, "sectors"))
            {
                var referent = ObjectId($"{path}.referentObjectId", item.ReferentObjectId);
                var deputy = ObjectId($"{path}.deputyObjectId", item.DeputyObjectId);
                Known($"{path}.referentObjectId", referent, staffIds, "membre de staff");
                Known($"{path}.deputyObjectId", deputy, staffIds, "membre de staff");
                if (referent.Length > 0 && string.Equals(referent, deputy, StringComparison.OrdinalIgnoreCase))
                {
                    Error($"{path}.deputyObjectId", "l'adjoint doit être différent du référent");
                }
                sectors.Add(new Sector
                {
                    Id = Slug($"{path}.id", item.Id, seen),
                    Name = Text($"{path}.name", item.Name),
                    Commune = Text($"{path}.commune", item.Commune),
                    Zone = Choice($"{path}.zone", item.Zone, Zones),
                    Aliases = [.. (item.Aliases ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!.Trim())],
                    TeamId = TeamsId($"{path}.teamId", item.TeamId),
                    ChannelId = TeamsId($"{path}.channelId", item.ChannelId),
                    ReferentObjectId = referent,
                    DeputyObjectId = deputy,
                });
            }
            return sectors;
        }

        private string TeamsId(string path, string? value)
        {
            var id = Text(path, value);
            if (id.Length > 0 && !id.StartsWith("19:", StringComparison.Ordinal))
            {
                Error(path, "identifiant Teams attendu (19:…@thread.tacv2)");
            }
            return id;
        }

        private Dictionary<string, Organisation> BuildOrganisations(List<OrganisationFile?>? items)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var organisations = new Dictionary<string, Organisation>(StringComparer.Ordinal);
            foreach (var (item, path) in Each(items, "organisations"))
            {
                var id = Slug($"{path}.id", item.Id, seen);
                organisations[id] = new Organisation(id, Text($"{path}.name", item.Name), Choice($"{path}.type", item.Type, PartnerTypes));
            }
            return organisations;
        }

        private List<Partner> BuildPartners(List<PartnerFile?>? items, Dictionary<string, Organisation> organisations, HashSet<string> sectorIds)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var partners = new List<Partner>();
            foreach (var (item, path) in Each(items, "partners"))
            {
                var id = UniqueObjectId($"{path}.objectId", item.ObjectId, seen);
                var organisationId = Text($"{path}.organisationId", item.OrganisationId);
                Known($"{path}.organisationId", organisationId, organisations.Keys.ToHashSet(StringComparer.Ordinal), "organisation");
                if (item.SectorIds is null || item.SectorIds.Count == 0)
                {
                    Error($"{path}.sectorIds", "au moins un secteur attendu");
                }
                var sectors = new List<string>();
                foreach (var (sector, sectorPath) in (item.SectorIds ?? []).Select((s, j) => (s, $"{path}.sectorIds[{j}]")))
                {
                    var sectorId = Text(sectorPath, sector);
                    Known(sectorPath, sectorId, sectorIds, "secteur");
                    sectors.Add(sectorId);
                }
                partners.Add(new Partner
                {
                    ObjectId = id,
                    DisplayName = Text($"{path}.displayName", item.DisplayName),
                    Organisation = organisations.GetValueOrDefault(organisationId) ?? new Organisation(organisationId, "", PartnerType.Autre),
                    SectorIds = sectors,
                });
            }
            return partners;
        }

        private List<IssueCategory> BuildCategories(List<CategoryFile?>? items)
        {
            if (items is null || items.Count == 0)
            {
                Error("categories", "au moins une catégorie attendue");
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var categories = new List<IssueCategory>();
            foreach (var (item, path) in Each(items, "categories"))
            {
                var delay = item.ResponseDelayDays ?? Domain.Issues.Issue.DefaultResponseDelayDays;
                if (delay is < 1 or > MaxResponseDelayDays)
                {
                    Error($"{path}.responseDelayDays", $"délai attendu entre 1 et {MaxResponseDelayDays} jours");
                }
                var seenSub = new HashSet<string>(StringComparer.Ordinal);
                var subCategories = new List<SubCategory>();
                foreach (var (sub, subPath) in Each(item.SubCategories, $"{path}.subCategories"))
                {
                    subCategories.Add(new SubCategory(Slug($"{subPath}.id", sub.Id, seenSub), Text($"{subPath}.label", sub.Label)));
                }
                categories.Add(new IssueCategory
                {
                    Id = Slug($"{path}.id", item.Id, seen),
                    Label = Text($"{path}.label", item.Label),
                    SubCategories = subCategories,
                    ResponseDelayDays = delay,
                    Restricted = item.Restricted ?? false,
                });
            }
            return categories;
        }

        private List<Site> BuildSites(List<SiteFile?>? items, HashSet<string> sectorIds)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var sites = new List<Site>();
            foreach (var (item, path) in Each(items, "sites"))
            {
                var sectorId = Text($"{path}.sectorId", item.SectorId);
                Known($"{path}.sectorId", sectorId, sectorIds, "secteur");
                sites.Add(new Site
                {
                    Id = Slug($"{path}.id", item.Id, seen),
                    SectorId = sectorId,
                    Name = Text($"{path}.name", item.Name),
                    Kind = Text($"{path}.kind", item.Kind),
                    Address = string.IsNullOrWhiteSpace(item.Address) ? null : item.Address.Trim(),
                });
            }
            return sites;
        }
    }
}

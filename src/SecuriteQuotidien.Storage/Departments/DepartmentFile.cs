using System.Text.Json.Serialization;

namespace SecuriteQuotidien.Storage.Departments;

// The department file as written by people: everything nullable so that the validator, not the
// deserializer, names what is missing.
internal sealed class DepartmentFile
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? TenantId { get; set; }
    public string? TimeZone { get; set; }
    public string? CommissionerObjectId { get; set; }
    public List<string?>? AdministratorObjectIds { get; set; }
    public List<SectorFile?>? Sectors { get; set; }
    public List<OrganisationFile?>? Organisations { get; set; }
    public List<PartnerFile?>? Partners { get; set; }
    public List<StaffFile?>? Staff { get; set; }
    public List<CategoryFile?>? Categories { get; set; }
    public List<SiteFile?>? Sites { get; set; }
    public DiagnosticsFile? Diagnostics { get; set; }
    public EvaluationFile? Evaluation { get; set; }
    // Read and validated by Privacy/DepartmentRetention (the retention delays of the department).
    public System.Text.Json.JsonElement? Retention { get; set; }
}

internal sealed class SectorFile
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Commune { get; set; }
    public string? Zone { get; set; }
    public List<string?>? Aliases { get; set; }
    public string? TeamId { get; set; }
    public string? ChannelId { get; set; }
    public string? ReferentObjectId { get; set; }
    public string? DeputyObjectId { get; set; }
}

internal sealed class OrganisationFile
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Type { get; set; }
}

internal sealed class PartnerFile
{
    public string? ObjectId { get; set; }
    public string? DisplayName { get; set; }
    public string? OrganisationId { get; set; }
    public List<string?>? SectorIds { get; set; }
}

internal sealed class StaffFile
{
    public string? ObjectId { get; set; }
    public string? DisplayName { get; set; }
}

internal sealed class CategoryFile
{
    public string? Id { get; set; }
    public string? Label { get; set; }
    public List<SubCategoryFile?>? SubCategories { get; set; }
    public int? ResponseDelayDays { get; set; }
    public bool? Restricted { get; set; }
}

internal sealed class SubCategoryFile
{
    public string? Id { get; set; }
    public string? Label { get; set; }
}

internal sealed class SiteFile
{
    public string? Id { get; set; }
    public string? SectorId { get; set; }
    public string? Name { get; set; }
    public string? Kind { get; set; }
    public string? Address { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    // A misspelt field must fail, not be silently ignored.
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(DepartmentFile))]
internal sealed partial class DepartmentFileJsonContext : JsonSerializerContext;

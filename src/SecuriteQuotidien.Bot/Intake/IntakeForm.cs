using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecuriteQuotidien.Bot.Intake;

/// <summary>
/// The report form's values exactly as typed, carried from step to step in the card's action data
/// (the server keeps no draft). Every value is kept as text so that a wrong value is shown back to
/// the user unchanged, next to its error.
/// </summary>
public sealed record IntakeForm
{
    /// <summary>Bumped when the form changes shape: older cards are answered as stale.</summary>
    public const string CurrentVersion = "1";

    /// <summary>A value longer than this is cut when shown back (the card inputs stop at their bound anyway).</summary>
    private const int KeptValueMaxLength = 5000;

    public string Version { get; init; } = CurrentVersion;
    /// <summary>One id per form, used as the idempotency key of the final submit.</summary>
    public string DraftId { get; init; } = "";
    public string Sector { get; init; } = "";
    /// <summary>"categoryId" or "categoryId/subCategoryId".</summary>
    public string Category { get; init; } = "";
    /// <summary>A site id of the sector's gazetteer, or <see cref="OtherSite"/>.</summary>
    public string Site { get; init; } = "";
    public string Address { get; init; } = "";
    public string Detail { get; init; } = "";
    /// <summary>yyyy-MM-dd.</summary>
    public string Date { get; init; } = "";
    public string TimeOfDay { get; init; } = "";
    public string Frequency { get; init; } = "";
    public string Description { get; init; } = "";
    public string Effect { get; init; } = "";

    public const string OtherSite = "autre";

    public static class Fields
    {
        public const string Version = "formVersion";
        public const string DraftId = "draftId";
        public const string Sector = "secteur";
        public const string Category = "categorie";
        public const string Site = "lieu";
        public const string Address = "adresse";
        public const string Detail = "precision";
        public const string Date = "date";
        public const string TimeOfDay = "moment";
        public const string Frequency = "frequence";
        public const string Description = "description";
        public const string Effect = "consequences";
        public const string Danger = "danger";
    }

    /// <summary>
    /// Reads the action data. Values of another JSON type than text (forged cards) are kept as their
    /// JSON text so validation refuses them visibly.
    /// </summary>
    public static IntakeForm FromData(JsonObject data) => new()
    {
        Version = Read(data, Fields.Version),
        DraftId = Read(data, Fields.DraftId),
        Sector = Read(data, Fields.Sector),
        Category = Read(data, Fields.Category),
        Site = Read(data, Fields.Site),
        Address = Read(data, Fields.Address),
        Detail = Read(data, Fields.Detail),
        Date = Read(data, Fields.Date),
        TimeOfDay = Read(data, Fields.TimeOfDay),
        Frequency = Read(data, Fields.Frequency),
        Description = Read(data, Fields.Description),
        Effect = Read(data, Fields.Effect),
    };

    /// <summary>The values to carry in the next card's action data.</summary>
    public JsonObject ToData() => new()
    {
        [Fields.Version] = Version,
        [Fields.DraftId] = DraftId,
        [Fields.Sector] = Sector,
        [Fields.Category] = Category,
        [Fields.Site] = Site,
        [Fields.Address] = Address,
        [Fields.Detail] = Detail,
        [Fields.Date] = Date,
        [Fields.TimeOfDay] = TimeOfDay,
        [Fields.Frequency] = Frequency,
        [Fields.Description] = Description,
        [Fields.Effect] = Effect,
    };

    private static string Read(JsonObject data, string field)
    {
        var node = data[field];
        var text = node switch
        {
            null => "",
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            _ => node.ToJsonString(),
        };
        return text.Length > KeptValueMaxLength ? text[..KeptValueMaxLength] : text;
    }
}

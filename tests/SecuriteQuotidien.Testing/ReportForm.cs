using System.Globalization;
using System.Text.Json.Nodes;

namespace SecuriteQuotidien.Testing;

/// <summary>What a partner types in the report form: a valid place and valid facts, dated from the bot's today.</summary>
public static class ReportForm
{
    /// <summary>The second step: Gap hyper-centre, halls, the known site "hall A" of Résidence Les Cèdres.</summary>
    public static Dictionary<string, string> Place => new()
    {
        ["secteur"] = DemoDepartment.GapCentre,
        ["categorie"] = "occupation-parties-communes/halls",
        ["lieu"] = DemoDepartment.HallA,
        ["precision"] = "Hall A, près des boîtes aux lettres",
    };

    /// <summary>The third step: last seen the day before <paramref name="today"/> (the bot's Paris date), in the evening, weekly.</summary>
    public static Dictionary<string, string> Facts(DateOnly today, string description = "Un groupe occupe le hall chaque soir, bruit et déchets laissés sur place.") => new()
    {
        ["date"] = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["moment"] = "soiree",
        ["frequence"] = "chaque-semaine",
        ["description"] = description,
        ["consequences"] = "Les locataires âgés n'osent plus sortir le soir.",
    };

    /// <summary>The data of the final « Envoyer » with every step filled in, as the summary card carries it.</summary>
    public static JsonObject FinalSubmit(string draftId, DateOnly today, string description)
    {
        var data = new JsonObject { ["formVersion"] = "1", ["draftId"] = draftId };
        foreach (var (key, value) in Place.Concat(Facts(today, description)))
        {
            data[key] = value;
        }
        return data;
    }
}

using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Domain.Departments;

using SecuriteQuotidien.Bot.Turns;

namespace SecuriteQuotidien.Bot.Diagnostics;

/// <summary>
/// The sector a police button of the diagnostics acts on (its data's "secteur"), and whether the clicker is police of
/// that sector: its referent or deputy, the commissioner, an administrator.
/// </summary>
internal static class PoliceSector
{
    public const string NoSector = "Ce bouton ne correspond à aucun secteur.";
    public const string Refusal =
        "Seuls le référent du secteur, son adjoint, le commissaire et les administrateurs peuvent modifier ce diagnostic. Rien n'a été modifié.";

    /// <summary>The sector and no refusal; or the refusal to answer, with the sector when there is one (to log it).</summary>
    public static (Sector? Sector, string? Refusal) Check(IDirectory directory, BotUser user, JsonObject data)
    {
        if (FormValues.Text(data, DiagnosticRef.SectorField) is not { } sectorId || directory.FindSector(sectorId) is not { } sector)
        {
            return (null, NoSector);
        }
        return user.AadObjectId is not null && user.Roles.IsPoliceOf(sector.Id) ? (sector, null) : (sector, Refusal);
    }
}

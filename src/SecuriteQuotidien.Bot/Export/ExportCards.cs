using System.Globalization;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Bot.Export;

/// <summary>The export's download card (personal chat only); the texts all exports share are <see cref="ExportMessages"/>.</summary>
public static class ExportCards
{
    public static AdaptiveCard Ready(string fileName, ExportContent content, DateTimeOffset expiresAt, string link)
    {
        ArgumentNullException.ThrowIfNull(content);
        var until = TimeZoneInfo.ConvertTime(expiresAt, ParisTime.Zone);
        var indicatorRows = 1 + content.Report.BySector.Count + content.Report.ByCategory.Count;
        var body = new List<CardElement>
        {
            new TextBlock(ExportMessages.Title) { Size = "Medium", Weight = "Bolder" },
            new FactSet
            {
                Facts =
                [
                    new Fact("Fichier", fileName),
                    new Fact("Périmètre", content.ScopeLabel),
                    new Fact("Période", content.PeriodLabel),
                    new Fact("Signalements", content.Rows.Count < content.RowsAvailable
                        ? $"{Count(content.Rows.Count)} sur {Count(content.RowsAvailable)} (liste limitée)"
                        : Count(content.Rows.Count)),
                    new Fact("Indicateurs", $"{FrenchText.Count(indicatorRows, "ligne")} (total, secteurs, catégories)"),
                    new Fact("Lien valable jusqu'à", string.Create(CultureInfo.InvariantCulture, $"{until:HH\\:mm}, une seule fois")),
                ],
            },
        };
        if (content.Note is { } note)
        {
            body.Add(new TextBlock(note) { IsSubtle = true, Size = "Small" });
        }
        body.Add(new TextBlock(content.ForPolice
            ? "Document interne police : il contient des notes non visibles des partenaires. Ne le transférez pas."
            : "Le fichier ne contient que vos signalements et les informations qui vous sont visibles.")
        { IsSubtle = true, Size = "Small" });
        return new AdaptiveCard
        {
            Body = body,
            Actions = [new OpenUrlAction { Title = "Télécharger", Url = link }],
            FallbackText = $"{ExportMessages.Title} : {link}",
        };
    }

    private static string Count(int value) => value.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"));
}

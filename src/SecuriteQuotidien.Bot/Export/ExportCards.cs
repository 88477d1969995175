using System.Globalization;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Bot.Export;

/// <summary>The export's messages: the download card (personal chat only) and the note left in a channel thread.</summary>
public static class ExportCards
{
    public const string Title = "Votre export Excel est prêt";

    /// <summary>Said in the channel thread: the file itself only goes to the requester's personal chat.</summary>
    public const string SentToPersonalChat =
        "Je vous envoie l'export dans notre conversation privée : le lien de téléchargement n'est valable que pour vous.";

    /// <summary>Said in the channel thread when the requester never opened a personal chat with the bot.</summary>
    public const string NoPersonalChat =
        "Je ne peux pas vous envoyer l'export : ouvrez d'abord une conversation privée avec moi (application « Sécurité du Quotidien »), "
        + "puis écrivez-y « export ».";

    public static AdaptiveCard Ready(string fileName, ExportContent content, DateTimeOffset expiresAt, string link)
    {
        ArgumentNullException.ThrowIfNull(content);
        var until = TimeZoneInfo.ConvertTime(expiresAt, ParisTime.Zone);
        var indicatorRows = 1 + content.Report.BySector.Count + content.Report.ByCategory.Count;
        var body = new List<CardElement>
        {
            new TextBlock(Title) { Size = "Medium", Weight = "Bolder" },
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
            FallbackText = $"{Title} : {link}",
        };
    }

    private static string Count(int value) => value.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"));

    /// <summary>A plain French message.</summary>
    public static Activity Text(string text) => new() { Type = ActivityTypes.Message, Text = text };
}

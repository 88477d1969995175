using System.Globalization;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;

namespace SecuriteQuotidien.Bot.Meetings;

/// <summary>The verbs and texts of the meeting kit's export: the buttons of the agenda and minutes cards, and the download card.</summary>
public static class MeetingExportCards
{
    public const string ExportTitle = "Exporter (Excel)";
    public const string PartnerExportTitle = "Exporter pour les partenaires (Excel)";

    public const string Refusal =
        "Cet export est réservé à la police du secteur (référent, adjoint, commissaire, administrateurs) et aux partenaires du secteur.";

    public const string NoPersonalChat =
        "Je ne peux pas vous envoyer le fichier : ouvrez d'abord une conversation privée avec moi (application « Sécurité du Quotidien »), "
        + "puis cliquez de nouveau sur « Exporter (Excel) ».";

    public const string RepliedBelow = "Votre export Excel est prêt : le lien de téléchargement est dans le message suivant.";

    public static AdaptiveCard Ready(string fileName, string document, bool forPolice, DateTimeOffset expiresAt, string link)
    {
        var until = TimeZoneInfo.ConvertTime(expiresAt, ParisTime.Zone);
        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock(ExportMessages.Title) { Size = "Medium", Weight = "Bolder" },
                new FactSet
                {
                    Facts =
                    [
                        new Fact("Fichier", fileName),
                        new Fact("Document", document),
                        new Fact("Version", forPolice ? "police" : "partenaires"),
                        new Fact("Lien valable jusqu'à", string.Create(CultureInfo.InvariantCulture, $"{until:HH\\:mm}, une seule fois")),
                    ],
                },
                new TextBlock(forPolice
                    ? "Document interne police : il contient des notes et des actions non visibles des partenaires. Ne le transférez pas."
                    : "Version partageable avec les partenaires : sans notes police, sans actions de la police et sans signalements à diffusion restreinte.")
                { IsSubtle = true, Size = "Small" },
            ],
            Actions = [new OpenUrlAction { Title = "Télécharger", Url = link }],
            FallbackText = $"{ExportMessages.Title} : {link}",
        };
    }
}

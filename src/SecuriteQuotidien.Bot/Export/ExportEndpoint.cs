using System.Globalization;
using SecuriteQuotidien.Bot.Export;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Storage.Exports;

// In the routing namespace so that Program.cs finds MapExport without an extra using.
namespace Microsoft.AspNetCore.Builder;

public static partial class ExportEndpoint
{
    public const string UnknownText = "Cet export n'existe pas.";
    public const string ForbiddenText = "Ce lien de téléchargement n'est pas valide.";
    public const string NotYoursText = "Ce fichier est réservé à la personne qui l'a demandé : connectez-vous avec votre compte.";
    public const string ExpiredText = "Ce lien a expiré : écrivez « export » au bot pour en obtenir un nouveau.";
    public const string SignInNotConfiguredText =
        "Le téléchargement des exports n'est pas encore ouvert sur ce service : la connexion Microsoft Entra n'y est pas configurée. Prévenez l'administrateur.";
    public const string SignInUnavailableText = "La connexion Microsoft Entra ne répond pas pour l'instant : réessayez dans quelques minutes avec le même lien.";
    public const string UsedText = "Ce lien a déjà servi : écrivez « export » au bot pour en obtenir un nouveau.";

    /// <summary>
    /// <c>GET /exports/{id}?exp=…&amp;sig=…</c>: the workbook once (200), then 410; 403 for a tampered link, a link
    /// signed for another purpose, or a downloader who does not prove to be the requester (<see cref="ExportSignIn"/>:
    /// the Entra ID token forwarded by Easy Auth; without sign-in configured, only a local run from this machine);
    /// 503 when the sign-in metadata cannot be read; 410 once expired; 404 for an unknown export. Bodies are short
    /// French texts. The link is used up only by a download that is served.
    /// </summary>
    public static IEndpointConventionBuilder MapExport(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet("/exports/{id}", DownloadAsync);
    }

    private static async Task<IResult> DownloadAsync(string id, string? exp, string? sig, HttpContext http, IExportStore store,
        ExportSignerSource signers, ExportSignIn signIn, IDirectory directory, TimeProvider time, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(ExportEndpoint));
        http.Response.Headers.CacheControl = "no-store";
        var ticket = await store.FindAsync(id, cancellationToken);
        if (ticket is null)
        {
            return Text(StatusCodes.Status404NotFound, UnknownText);
        }
        var signer = await signers.GetAsync(cancellationToken);
        if (!long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var unixSeconds)
            || unixSeconds != ticket.ExpiresAt.ToUnixTimeSeconds()
            || !signer.Verify(ExportLinkSigner.ExportPurpose, ticket.Id, ticket.RequesterObjectId, ticket.ExpiresAt, sig))
        {
            LogRefused(logger, "signature");
            return Text(StatusCodes.Status403Forbidden, ForbiddenText);
        }
        // Removed from the directory since the export was made: the link dies with the access.
        if (!directory.RolesOf(ticket.RequesterObjectId).IsKnown)
        {
            LogRefused(logger, "requester no longer in the directory");
            return Text(StatusCodes.Status403Forbidden, NotYoursText);
        }
        switch (await signIn.CheckAsync(http, ticket.RequesterObjectId, cancellationToken))
        {
            case ExportSignInVerdict.Requester or ExportSignInVerdict.LocalRun:
                break;
            case ExportSignInVerdict.NotConfigured:
                LogRefused(logger, "sign-in not configured and not a local run");
                return Text(StatusCodes.Status403Forbidden, SignInNotConfiguredText);
            case ExportSignInVerdict.Unavailable:
                return Text(StatusCodes.Status503ServiceUnavailable, SignInUnavailableText);
            default:
                return Text(StatusCodes.Status403Forbidden, NotYoursText);
        }
        if (ticket.Used)
        {
            return Text(StatusCodes.Status410Gone, UsedText);
        }
        if (time.GetUtcNow() >= ticket.ExpiresAt)
        {
            await store.DiscardContentAsync(ticket, cancellationToken);
            return Text(StatusCodes.Status410Gone, ExpiredText);
        }
        var content = await store.TryClaimAsync(ticket, cancellationToken);
        if (content is null)
        {
            return Text(StatusCodes.Status410Gone, UsedText);
        }
        LogDownloaded(logger, content.Length);
        return Results.File(content, ExportWorkbook.ContentType, ticket.FileName);
    }

    private static IResult Text(int status, string text) => Results.Text(text, "text/plain; charset=utf-8", statusCode: status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export download refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Export downloaded: {ByteCount} bytes")]
    private static partial void LogDownloaded(ILogger logger, int byteCount);
}

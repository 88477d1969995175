using System.Globalization;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Export;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Storage.Exports;

// In the routing namespace so that Program.cs finds MapExport without an extra using.
namespace Microsoft.AspNetCore.Builder;

public static partial class ExportEndpoint
{
    /// <summary>Set by App Service Authentication (Easy Auth): the signed-in user's Entra object id.</summary>
    public const string PrincipalIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";

    public const string UnknownText = "Cet export n'existe pas.";
    public const string ForbiddenText = "Ce lien de téléchargement n'est pas valide.";
    public const string NotYoursText = "Ce fichier est réservé à la personne qui l'a demandé : connectez-vous avec votre compte.";
    public const string ExpiredText = "Ce lien a expiré : écrivez « export » au bot pour en obtenir un nouveau.";
    public const string UsedText = "Ce lien a déjà servi : écrivez « export » au bot pour en obtenir un nouveau.";

    /// <summary>
    /// <c>GET /exports/{id}?exp=…&amp;sig=…</c>: the workbook once (200), then 410; 403 for a tampered link, a link
    /// signed for another purpose or, when <see cref="ExportOptions.RequireSignedInUser"/>, another or no
    /// signed-in user; 410 once expired; 404 for an unknown export. Bodies are short French texts.
    /// </summary>
    public static IEndpointConventionBuilder MapExport(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet("/exports/{id}", DownloadAsync);
    }

    private static async Task<IResult> DownloadAsync(string id, string? exp, string? sig, HttpContext http, IExportStore store,
        ExportSignerSource signers, IDirectory directory, TimeProvider time, IOptions<ExportOptions> options, ILoggerFactory loggers,
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
        if (options.Value.RequireSignedInUser == true
            && !string.Equals(http.Request.Headers[PrincipalIdHeader].ToString(), ticket.RequesterObjectId, StringComparison.OrdinalIgnoreCase))
        {
            LogRefused(logger, "principal");
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

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace SecuriteQuotidien.Bot.Export;

/// <summary>
/// Signs and checks download links: HMAC-SHA256 over the purpose, the export id, the requester's Entra
/// object id and the expiry, so a link cannot be stretched, moved to another export or reused for
/// another purpose.
/// </summary>
public sealed class ExportLinkSigner
{
    /// <summary>The purpose of the export download links.</summary>
    public const string ExportPurpose = "export";

    public const int MinimumKeyLength = 32;

    private readonly byte[] _key;

    public ExportLinkSigner(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length < MinimumKeyLength)
        {
            throw new ArgumentException($"Export:SigningKey must have at least {MinimumKeyLength} characters.", nameof(key));
        }
        _key = Encoding.UTF8.GetBytes(key);
    }

    /// <summary>A random key for a Development run without <c>Export:SigningKey</c> (links die with the process).</summary>
    public static string RandomKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The signature, base64url.</summary>
    public string Sign(string purpose, string exportId, string requesterObjectId, DateTimeOffset expiresAt) =>
        WebEncoders.Base64UrlEncode(Mac(purpose, exportId, requesterObjectId, expiresAt));

    /// <summary>Whether <paramref name="signature"/> is the one of these values (constant-time comparison).</summary>
    public bool Verify(string purpose, string exportId, string requesterObjectId, DateTimeOffset expiresAt, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }
        byte[] given;
        try
        {
            given = WebEncoders.Base64UrlDecode(signature);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(given, Mac(purpose, exportId, requesterObjectId, expiresAt));
    }

    private byte[] Mac(string purpose, string exportId, string requesterObjectId, DateTimeOffset expiresAt)
    {
        // Object ids are GUIDs: compared case-insensitively everywhere, so signed in lower case.
        var message = string.Join('\n', purpose, exportId, requesterObjectId.ToLowerInvariant(),
            expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(message));
    }
}

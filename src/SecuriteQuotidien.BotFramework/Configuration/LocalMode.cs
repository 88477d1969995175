using System.Net;
using Microsoft.AspNetCore.Http;

namespace SecuriteQuotidien.BotFramework.Configuration;

/// <summary>
/// The local anonymous mode: requests to the messaging endpoint without a Bot Framework token, and the
/// application's development clock. On only when ALL of these hold:
/// <list type="bullet">
/// <item>the environment is Development;</item>
/// <item>no <c>MicrosoftAppId</c> is configured;</item>
/// <item>the process is not on App Service: <c>WEBSITE_INSTANCE_ID</c> is not set (App Service sets it on every
/// instance, whatever the app settings say, so a deployment left in Development still fails closed);</item>
/// <item>and, for each request, its remote address is a loopback address (<see cref="IsLocalRequest"/>).</item>
/// </list>
/// The first three are <see cref="IsEnabled"/>, decided once at start; the last is checked on every request.
/// </summary>
public sealed class LocalMode
{
    /// <summary>Set by App Service on every instance of a site (never by this application).</summary>
    public const string AppServiceInstanceSetting = "WEBSITE_INSTANCE_ID";

    public LocalMode(bool development, bool hasAppId, string? appServiceInstanceId)
    {
        IsLocalDevelopment = development && string.IsNullOrWhiteSpace(appServiceInstanceId);
        IsEnabled = IsLocalDevelopment && !hasAppId;
    }

    /// <summary>Development, not on App Service (whether or not an app id is configured).</summary>
    public bool IsLocalDevelopment { get; }

    /// <summary>Development, no app id, not on App Service: requests from a loopback address need no token.</summary>
    public bool IsEnabled { get; }

    /// <summary>Whether this request may use the local mode: the mode is on and the request comes from this machine.</summary>
    public bool Admits(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return IsEnabled && IsLocalRequest(http.Connection);
    }

    /// <summary>
    /// True when the connection's remote address is a loopback address (127.0.0.0/8, ::1, or 127.x mapped to IPv6).
    /// A connection without a remote IP address is not local: ASP.NET Core leaves it null for transports that have
    /// none, and trusting that would let such a transport in. No header is read: X-Forwarded-For and the like are
    /// written by the client. (A tunnel or reverse proxy running on this machine forwards from a loopback address:
    /// never expose a local anonymous run through one.) In-process test servers cross no socket and give no address;
    /// the test host sets the connection's address itself (see the testing project's BotTestHost).
    /// </summary>
    public static bool IsLocalRequest(ConnectionInfo connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.RemoteIpAddress is { } address
            && (IPAddress.IsLoopback(address) || (address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4())));
    }
}

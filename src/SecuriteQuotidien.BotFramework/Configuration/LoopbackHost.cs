using System.Net;

namespace SecuriteQuotidien.BotFramework.Configuration;

internal static class LoopbackHost
{
    /// <summary>True for localhost and loopback IP addresses (127.0.0.0/8, ::1).</summary>
    public static bool Is(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}

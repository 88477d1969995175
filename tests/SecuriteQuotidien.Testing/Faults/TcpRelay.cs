using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace SecuriteQuotidien.Testing.Faults;

/// <summary>
/// A loopback TCP relay in front of a server (here Azurite), to make it unreachable and reachable
/// again without losing its data: while paused, open connections are cut and new ones are closed at once.
/// </summary>
public sealed partial class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private volatile bool _paused;
    private int _refused;

    public TcpRelay(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>
    /// A relay in front of the loopback table endpoint of <paramref name="connectionString"/> (Azurite),
    /// and the same connection string going through it.
    /// </summary>
    public static (TcpRelay Relay, string ConnectionString) InFrontOfTables(string connectionString)
    {
        var match = TableEndpoint().Match(connectionString);
        if (!match.Success)
        {
            throw new ArgumentException("The connection string has no loopback TableEndpoint.", nameof(connectionString));
        }
        var relay = new TcpRelay(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        return (relay, TableEndpoint().Replace(connectionString, $"TableEndpoint=http://127.0.0.1:{relay.Port}/"));
    }

    /// <summary>Connections refused while paused.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public void Pause()
    {
        _paused = true;
        foreach (var client in _open.Keys)
        {
            client.Dispose();
        }
    }

    public void Resume() => _paused = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            if (_paused)
            {
                Interlocked.Increment(ref _refused);
                inbound.Client.LingerState = new LingerOption(true, 0);
                inbound.Dispose();
                continue;
            }
            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        using var outbound = new TcpClient();
        _open[inbound] = 0;
        _open[outbound] = 0;
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            var a = inbound.GetStream().CopyToAsync(outbound.GetStream(), _stop.Token);
            var b = outbound.GetStream().CopyToAsync(inbound.GetStream(), _stop.Token);
            await Task.WhenAny(a, b);
        }
        catch (Exception)
        {
            // A cut connection is what a pause is for.
        }
        finally
        {
            _open.TryRemove(inbound, out _);
            _open.TryRemove(outbound, out _);
            inbound.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Pause();
        await _acceptLoop;
        _stop.Dispose();
    }

    [GeneratedRegex(@"TableEndpoint=http://127\.0\.0\.1:(\d+)/")]
    private static partial Regex TableEndpoint();
}

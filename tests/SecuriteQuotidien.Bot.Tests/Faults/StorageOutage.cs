using Azure.Core;
using Azure.Core.Pipeline;
using SecuriteQuotidien.Testing.Faults;

namespace SecuriteQuotidien.Bot.Tests.Faults;

/// <summary>Where the storage goes away, relative to the request that triggers it.</summary>
public enum OutageStart
{
    /// <summary>The request never reaches the storage.</summary>
    BeforeRequest,

    /// <summary>The storage applies the request, and its answer is lost with the connection.</summary>
    AfterStorageApplied,
}

/// <summary>
/// A storage client policy that counts the requests made on behalf of one watched operation (an
/// async flow, e.g. the handling of one "Envoyer" click) and, at the chosen request, makes the
/// storage unreachable by pausing a <see cref="TcpRelay"/> (real refused connections from then on,
/// for every caller of the process) until the test resumes the relay.
/// </summary>
public sealed class StorageOutage(TcpRelay relay) : HttpPipelinePolicy
{
    private static readonly AsyncLocal<Watched?> Current = new();

    /// <summary>
    /// Watches the storage requests of the calling flow: the <paramref name="cutAt"/>-th one (1-based,
    /// retries included) starts the outage. Dispose to stop watching; read the counts on the result.
    /// </summary>
    public Watched Watch(int cutAt = int.MaxValue, OutageStart start = OutageStart.BeforeRequest)
    {
        var watched = new Watched(cutAt, start);
        Current.Value = watched;
        return watched;
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var cut = Before(message);
        ProcessNext(message, pipeline);
        After(cut);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var cut = Before(message);
        await ProcessNextAsync(message, pipeline);
        After(cut);
    }

    private OutageStart? Before(HttpMessage message)
    {
        if (Current.Value is not { IsActive: true } watched)
        {
            return null;
        }
        var number = watched.Count($"{message.Request.Method} {message.Request.Uri.Path}");
        if (number != watched.CutAt)
        {
            return null;
        }
        if (watched.Start == OutageStart.BeforeRequest)
        {
            relay.Pause();
        }
        return watched.Start;
    }

    private void After(OutageStart? cut)
    {
        if (cut == OutageStart.AfterStorageApplied)
        {
            relay.Pause();
            throw new IOException("Simulated outage: the connection was lost after the storage applied the request.");
        }
    }

    /// <summary>The storage requests of one watched flow.</summary>
    public sealed class Watched(int cutAt, OutageStart start) : IDisposable
    {
        private readonly List<string> _requests = [];

        public int CutAt { get; } = cutAt;
        public OutageStart Start { get; } = start;
        public bool IsActive { get; private set; } = true;

        public IReadOnlyList<string> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        internal int Count(string request)
        {
            lock (_requests)
            {
                _requests.Add(request);
                return _requests.Count;
            }
        }

        public void Dispose()
        {
            IsActive = false;
            Current.Value = null;
        }
    }
}

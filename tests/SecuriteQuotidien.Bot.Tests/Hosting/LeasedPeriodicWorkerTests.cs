using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.Storage.Coordination;

namespace SecuriteQuotidien.Bot.Tests.Hosting;

public sealed class LeasedPeriodicWorkerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
    private readonly ScriptedLeases _leases;
    private readonly RecordingLogger _logger = new();

    public LeasedPeriodicWorkerTests() => _leases = new ScriptedLeases(_time);

    [Fact]
    public async Task A_pass_runs_only_under_the_lease()
    {
        using var worker = new CountingWorker(_leases, _time, _logger, LeaseRetention.ReleaseAfterPass);
        _leases.HeldByAnother = true;

        Assert.Equal(-1, await worker.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, worker.PassCount);

        _leases.HeldByAnother = false;
        Assert.Equal(1, await worker.RunOnceAsync(CancellationToken.None));
        Assert.Equal(["acquire test-lease", "release test-lease"], _leases.Calls);
    }

    [Fact]
    public async Task Work_not_due_touches_no_lease()
    {
        using var worker = new CountingWorker(_leases, _time, _logger, LeaseRetention.ReleaseAfterPass) { Due = false };

        Assert.Equal(-1, await worker.RunOnceAsync(CancellationToken.None));
        Assert.Empty(_leases.Calls);
    }

    [Fact]
    public async Task A_kept_lease_is_renewed_during_a_long_pass_and_released_on_stop()
    {
        using var worker = new CountingWorker(_leases, _time, _logger, LeaseRetention.KeepUntilStop);
        worker.DuringPass = async keep =>
        {
            Assert.True(await keep());
            _time.Advance(TimeSpan.FromMinutes(8)); // more than a third of the 20-minute lease
            Assert.True(await keep());
        };

        await worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(["acquire test-lease", "renew test-lease"], _leases.Calls);

        await worker.StopAsync(CancellationToken.None);
        Assert.Equal("release test-lease", _leases.Calls[^1]);
    }

    [Fact]
    public async Task A_failed_pass_is_logged_and_the_next_tick_runs_then_the_loop_stops_on_cancellation()
    {
        using var worker = new CountingWorker(_leases, _time, _logger, LeaseRetention.ReleaseAfterPass) { FailFirstPass = true };

        await worker.StartAsync(CancellationToken.None);
        await WaitForAsync(() => _logger.Warnings.Count == 1);
        Assert.Equal("Counting pass failed (TimeoutException); retried at the next interval", _logger.Warnings[0]);
        Assert.Equal(0, worker.Completed);

        // Nudges the fake clock in small steps: the loop may not have started its wait yet.
        for (var i = 0; i < 500 && worker.Completed == 0; i++)
        {
            _time.Advance(Interval / 10);
            await Task.Delay(10);
        }
        Assert.Equal(1, worker.Completed);

        await worker.StopAsync(CancellationToken.None);
        Assert.True(worker.ExecuteTask!.IsCompletedSuccessfully);
        _time.Advance(Interval * 3);
        Assert.Equal(2, worker.PassCount);
    }

    [Fact]
    public async Task A_disabled_worker_never_runs_on_its_own()
    {
        using var worker = new CountingWorker(_leases, _time, _logger, LeaseRetention.ReleaseAfterPass) { Enabled = false };

        await worker.StartAsync(CancellationToken.None);
        _time.Advance(Interval * 3);
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(0, worker.PassCount);
        Assert.Empty(_leases.Calls);
    }

    /// <summary>Waits (bounded) for the background loop, which runs on the thread pool, to reach a state.</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }
        Assert.True(condition());
    }

    private sealed class CountingWorker(ILeaseStore leases, TimeProvider time, ILogger logger, LeaseRetention retention)
        : LeasedPeriodicWorker<int>("test-lease", "Counting pass", leases, time, logger)
    {
        public bool Enabled { get; init; } = true;
        public bool Due { get; init; } = true;
        public bool FailFirstPass { get; init; }
        public Func<Func<Task<bool>>, Task>? DuringPass { get; set; }
        public int Completed { get; private set; }

        protected override LeasedWorkerSchedule Schedule => new(Enabled, Interval, TimeSpan.FromMinutes(20));
        protected override LeaseRetention LeaseRetention => retention;
        protected override int Skipped => -1;
        protected override bool IsDue(DateTimeOffset now) => Due;

        protected override async Task<int> RunPassAsync(DateTimeOffset now, CancellationToken cancellationToken)
        {
            if (FailFirstPass && PassCount == 1)
            {
                throw new TimeoutException();
            }
            if (DuringPass is { } during)
            {
                await during(() => KeepLeaseAsync(cancellationToken));
            }
            return ++Completed;
        }
    }

    /// <summary>A lease store whose answer the test chooses, recording what the worker asked.</summary>
    private sealed class ScriptedLeases(TimeProvider time) : ILeaseStore
    {
        public bool HeldByAnother { get; set; }
        public List<string> Calls { get; } = [];

        public Task<Lease?> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken)
        {
            if (HeldByAnother)
            {
                return Task.FromResult<Lease?>(null);
            }
            Calls.Add($"acquire {name}");
            return Task.FromResult<Lease?>(new Lease(name, owner, time.GetUtcNow() + duration, "e1"));
        }

        public Task<Lease?> TryRenewAsync(Lease lease, TimeSpan duration, CancellationToken cancellationToken)
        {
            Calls.Add($"renew {lease.Name}");
            return Task.FromResult<Lease?>(lease with { ExpiresAt = time.GetUtcNow() + duration });
        }

        public Task ReleaseAsync(Lease lease, CancellationToken cancellationToken)
        {
            Calls.Add($"release {lease.Name}");
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingLogger : ILogger
    {
        private readonly List<string> _warnings = [];

        public IReadOnlyList<string> Warnings
        {
            get
            {
                lock (_warnings)
                {
                    return [.. _warnings];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                lock (_warnings)
                {
                    _warnings.Add(formatter(state, exception));
                }
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Issues;

/// <summary>
/// One counter row per department and year holds the last number reserved by any instance. An instance
/// reserves a block of <see cref="StorageOptions.IssueNumberBlockSize"/> numbers with one ETag
/// compare-and-swap of that row (a loser of the race, 412 or 409 on the first row, re-reads and tries
/// again), then hands them out from memory. Numbers are unique across instances and restarts; the unused
/// rest of a block is skipped when the process stops, so the sequence may have gaps.
/// </summary>
public sealed partial class IssueNumberAllocator(
    StorageTables tables,
    TimeProvider time,
    IOptions<StorageOptions> options,
    ILogger<IssueNumberAllocator> logger) : IIssueNumberAllocator
{
    private readonly YearlyCounter _counter = new(tables.Counters, "issue-number", time, maxAttempts: 200);
    private readonly ConcurrentDictionary<string, Block> _blocks = new(StringComparer.Ordinal);
    private long _lostRaces;
    private long _reservations;

    /// <summary>Races lost since start (each cost one re-read); exposed for tests and diagnostics.</summary>
    public long LostRaces => Interlocked.Read(ref _lostRaces);

    /// <summary>Blocks reserved since start (each one write of the counter row).</summary>
    public long Reservations => Interlocked.Read(ref _reservations);

    private int BlockSize => Math.Max(1, options.Value.IssueNumberBlockSize);

    public async Task<IssueNumber> AllocateAsync(string departmentCode, int year, CancellationToken cancellationToken)
    {
        var rowKey = string.Create(CultureInfo.InvariantCulture, $"{departmentCode}-{year:D4}");
        var block = _blocks.GetOrAdd(rowKey, _ => new Block());
        // Callers queue here only while a block is being reserved: one round trip per block, not per number.
        await block.Gate.WaitAsync(cancellationToken);
        try
        {
            if (block.Next > block.Last)
            {
                (block.Next, block.Last) = await ReserveAsync(departmentCode, year, BlockSize, cancellationToken);
            }
            return new IssueNumber(departmentCode, year, block.Next++);
        }
        finally
        {
            block.Gate.Release();
        }
    }

    private async Task<(int First, int Last)> ReserveAsync(string departmentCode, int year, int size, CancellationToken cancellationToken)
    {
        var reserved = await _counter.ReserveAsync(departmentCode, year, size, cancellationToken, attempt =>
        {
            Interlocked.Increment(ref _lostRaces);
            LogLostRace(logger, departmentCode, year, attempt);
        });
        Interlocked.Increment(ref _reservations);
        return reserved;
    }

    /// <summary>The numbers of this instance's current block still to hand out (Next..Last; empty when Next > Last).</summary>
    private sealed class Block
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public int Next { get; set; } = 1;
        public int Last { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Issue number block race lost for {DepartmentCode}-{Year} (attempt {Attempt}); re-reading")]
    private static partial void LogLostRace(ILogger logger, string departmentCode, int year, int attempt);
}

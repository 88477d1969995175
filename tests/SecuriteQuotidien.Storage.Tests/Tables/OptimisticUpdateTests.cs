using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Tests.Tables;

public sealed class OptimisticUpdateTests
{
    [Fact]
    public async Task A_lost_race_re_reads_and_writes_on_the_latest_version()
    {
        var version = 1;
        var lost = new List<int>();

        var written = await OptimisticUpdate.ApplyAsync("Row 1", maxAttempts: 5,
            _ => Task.FromResult<string?>($"v{version}"),
            (stored, _) => version++ < 3 ? throw new ConcurrencyConflictException("changed") : Task.FromResult(stored + "+change"),
            lost.Add,
            CancellationToken.None);

        Assert.Equal("v3+change", written);
        Assert.Equal([1, 2], lost);
    }

    [Fact]
    public async Task A_missing_row_is_null_and_nothing_is_written()
    {
        var writes = 0;

        var written = await OptimisticUpdate.ApplyAsync("Row 1", maxAttempts: 5,
            _ => Task.FromResult<string?>(null),
            (stored, _) => Task.FromResult(stored + (++writes)),
            _ => { },
            CancellationToken.None);

        Assert.Null(written);
        Assert.Equal(0, writes);
    }

    [Fact]
    public async Task Too_many_lost_races_give_up_naming_the_subject()
    {
        var lost = 0;

        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => OptimisticUpdate.ApplyAsync<string, string>("Diagnostic D05-2026-0001", maxAttempts: 3,
            _ => Task.FromResult<string?>("v1"),
            (_, _) => throw new ConcurrencyConflictException("changed"),
            _ => lost++,
            CancellationToken.None));

        Assert.Equal("Diagnostic D05-2026-0001 kept changing; gave up after 3 attempts.", error.Message);
        Assert.Equal(3, lost);
    }
}

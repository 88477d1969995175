using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SecuriteQuotidien.Testing;

/// <summary>One log entry as written: level, category and formatted message (never the state's raw values).</summary>
public sealed record CapturedLog(LogLevel Level, string Category, string Message);

/// <summary>
/// Keeps every log entry of the loggers it creates, for tests of what is logged (add it as an
/// <see cref="ILoggerProvider"/> to a host or a <see cref="LoggerFactory"/>).
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public IReadOnlyList<CapturedLog> AtLeast(LogLevel level) => [.. _entries.Where(e => e.Level >= level)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new CapturedLog(logLevel, category, formatter(state, exception)));
    }
}

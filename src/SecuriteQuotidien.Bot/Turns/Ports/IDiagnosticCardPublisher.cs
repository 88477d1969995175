using SecuriteQuotidien.Domain.Diagnostics;

namespace SecuriteQuotidien.Bot.Turns.Ports;

/// <summary>A diagnostic's card in its sector channel, updated in place after a change. Implemented by the Diagnostics feature.</summary>
public interface IDiagnosticCardPublisher
{
    /// <summary>Replaces the posted card with the current one (no-op while it is not posted yet).</summary>
    /// <param name="keySuffix">Names a new content at the same version (e.g. a survey answer changed the figures).</param>
    Task PublishAsync(Diagnostic diagnostic, CancellationToken cancellationToken, string? keySuffix = null);
}

using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Deployment.Tests;

/// <summary>The outcome of a command-line tool run to completion.</summary>
public sealed record ToolResult(int ExitCode, string Output)
{
    public override string ToString() => $"exit code {ExitCode}:\n{Output}";
}

public static class ToolRun
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Runs a tool from the repository root and returns its exit code and merged output.</summary>
    public static async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        await using var child = ChildProcess.Start(fileName, arguments, environment);
        child.Process.StandardInput.Close();
        if (!await child.WaitForExitAsync(Timeout))
        {
            throw new TimeoutException($"{fileName} did not finish within {Timeout}. Output so far:\n{child.Output}");
        }
        // The no-argument wait flushes the redirected output streams.
        await child.Process.WaitForExitAsync();
        return new ToolResult(child.Process.ExitCode, child.Output);
    }
}

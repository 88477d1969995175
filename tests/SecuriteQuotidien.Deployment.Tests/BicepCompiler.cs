using System.Text.Json.Nodes;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Deployment.Tests;

/// <summary>
/// The Bicep compiler restored from NuGet by tools/Bicep/Bicep.csproj (this test project references
/// it, so restoring the solution restores it too), and infra/main.bicep compiled once with it:
/// the compiler takes seconds to start, so the tests of a class share one build.
/// </summary>
public sealed class BicepCompiler : IAsyncLifetime
{
    private readonly TempDirectory _output = new();

    public string Path { get; private set; } = "";

    /// <summary>What <c>bicep build infra/main.bicep</c> printed.</summary>
    public ToolResult MainBuild { get; private set; } = new(-1, "");

    /// <summary>The ARM template compiled from infra/main.bicep.</summary>
    public JsonNode MainTemplate { get; private set; } = new JsonObject();

    public async Task InitializeAsync()
    {
        var result = await ToolRun.RunAsync("dotnet",
            ["msbuild", RepoPaths.Combine("tools", "Bicep", "Bicep.csproj"), "-getProperty:BicepPath", "-nologo"]);
        var path = result.Output.Trim();
        if (result.ExitCode != 0 || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The Bicep compiler was not found: restore tools/Bicep/Bicep.csproj first. {result}");
        }
        // NuGet extraction does not always keep the executable bit.
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        Path = path;

        var compiled = _output.Combine("main.json");
        MainBuild = await RunAsync("build", RepoPaths.Combine("infra", "main.bicep"), "--outfile", compiled);
        if (MainBuild.ExitCode == 0)
        {
            MainTemplate = JsonNode.Parse(await File.ReadAllTextAsync(compiled))!;
        }
    }

    /// <summary>Runs bicep with the given arguments. Diagnostics go to its output, whatever the exit code.</summary>
    public Task<ToolResult> RunAsync(params string[] arguments) => ToolRun.RunAsync(Path, arguments);

    public Task DisposeAsync()
    {
        _output.Dispose();
        return Task.CompletedTask;
    }
}

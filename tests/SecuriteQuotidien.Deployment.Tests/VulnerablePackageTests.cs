using System.Text.Json.Nodes;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Deployment.Tests;

/// <summary>
/// No lock file of the repository resolves a package version with a known vulnerability that a pin in
/// Directory.Packages.props is there to avoid (ClosedXML 0.95.4 alone would bring System.Drawing.Common 4.7.0).
/// </summary>
public sealed class VulnerablePackageTests
{
    private const string DrawingCommon = "System.Drawing.Common";

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "node_modules", "bin", "obj" };

    [Fact]
    public void No_lock_file_resolves_a_System_Drawing_Common_open_to_CVE_2021_24112()
    {
        var resolved = LockFiles()
            .SelectMany(file => Resolutions(file, DrawingCommon).Select(version => (file, version)))
            .ToList();

        // The export project brings it: a search that finds nothing would prove nothing.
        Assert.Contains(resolved, r => r.file == RepoPaths.Combine("src", "SecuriteQuotidien.Bot", "packages.lock.json"));
        var vulnerable = resolved.Where(r => IsOpenToCve2021_24112(r.version)).Select(r => $"{Path.GetRelativePath(RepoPaths.Root, r.file)}: {r.version}");
        Assert.Empty(vulnerable);
    }

    [Theory]
    [InlineData("4.5.0", true)]
    [InlineData("4.7.0", true)]
    [InlineData("4.7.1", true)]
    [InlineData("4.7.2", false)]
    [InlineData("4.7.3", false)]
    [InlineData("5.0.0", true)]
    [InlineData("5.0.2", true)]
    [InlineData("5.0.3", false)]
    [InlineData("6.0.0", false)]
    [InlineData("10.0.15", false)]
    public void The_CVE_2021_24112_range_is_below_4_7_2_and_5_0_0_to_5_0_2(string version, bool open)
    {
        Assert.Equal(open, IsOpenToCve2021_24112(version));
    }

    /// <summary>Fixed in 4.7.2 and 5.0.3; 6.0.0 and later were never affected.</summary>
    private static bool IsOpenToCve2021_24112(string version)
    {
        var parsed = Version.Parse(version.Split('-')[0]);
        return parsed < new Version(4, 7, 2) || (parsed >= new Version(5, 0, 0) && parsed < new Version(5, 0, 3));
    }

    /// <summary>The resolved versions of a package in one lock file, every target framework included.</summary>
    private static IEnumerable<string> Resolutions(string lockFile, string package)
    {
        var frameworks = JsonNode.Parse(File.ReadAllText(lockFile))!["dependencies"]!.AsObject();
        return frameworks
            .Select(framework => framework.Value![package]?["resolved"])
            .OfType<JsonNode>()
            .Select(version => (string)version!);
    }

    /// <summary>Every packages.lock.json of the repository (src, tests, tools, bench), outside build outputs and node_modules.</summary>
    private static IEnumerable<string> LockFiles()
    {
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(RepoPaths.Root)]);
        while (pending.TryPop(out var directory))
        {
            var lockFile = Path.Combine(directory.FullName, "packages.lock.json");
            if (File.Exists(lockFile))
            {
                yield return lockFile;
            }
            foreach (var child in directory.EnumerateDirectories())
            {
                if (!child.Name.StartsWith('.') && !SkippedFolders.Contains(child.Name))
                {
                    pending.Push(child);
                }
            }
        }
    }
}

namespace SecuriteQuotidien.Testing;

/// <summary>Locates the repository root (the folder holding SecuriteQuotidien.sln) from the test binaries.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A binary installed by <c>npm ci</c> at the repository root.</summary>
    public static string NodeBin(string name)
    {
        var path = Combine("node_modules", ".bin", name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{path} is missing: run 'npm ci' at the repository root (the test script does it).");
        }
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecuriteQuotidien.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("SecuriteQuotidien.sln not found above " + AppContext.BaseDirectory);
    }
}

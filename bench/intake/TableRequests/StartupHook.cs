using System.Reflection;
using System.Runtime.Loader;

/// <summary>
/// Runs before the bot's Main (DOTNET_STARTUP_HOOKS): makes this assembly, which the bot's dependency
/// manifest does not list, resolvable by name for ASPNETCORE_HOSTINGSTARTUPASSEMBLIES.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var self = typeof(StartupHook).Assembly;
        AssemblyLoadContext.Default.Resolving += (_, name) =>
            AssemblyName.ReferenceMatchesDefinition(name, self.GetName()) ? self : null;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Storage.Departments;

// In the DI namespace so that Program.cs finds AddDepartmentDirectory without extra usings.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configuration section <c>Directory</c>.</summary>
public sealed class DirectoryOptions
{
    public const string SectionName = "Directory";

    /// <summary>The department file; a relative path is resolved against the content root, then the app folder.</summary>
    public string Path { get; set; } = "departments/hautes-alpes.json";
}

public static class DirectoryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDirectory"/> loaded from <c>Directory:Path</c>. The file is read and validated
    /// when the host starts, so a bad file stops the start with the bad fields named.
    /// </summary>
    public static IServiceCollection AddDepartmentDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DirectoryOptions>().Bind(configuration.GetSection(DirectoryOptions.SectionName));
        services.TryAddSingleton<IDirectory>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DirectoryOptions>>().Value;
            var path = ResolvePath(options.Path, provider.GetService<IHostEnvironment>()?.ContentRootPath);
            var directory = DepartmentFileLoader.Parse(File.Exists(path) ? File.ReadAllText(path) : throw new DepartmentFileException(path, ["fichier introuvable"]), path);
            provider.GetService<ILoggerFactory>()?.CreateLogger(typeof(DirectoryServiceCollectionExtensions))
                .LogInformation("Department {DepartmentCode} loaded: {SectorCount} sectors, {PartnerCount} partners",
                    directory.DepartmentCode, directory.Sectors.Count, directory.Department.Partners.Count);
            return directory;
        });
        services.AddHostedService<DirectoryStartupCheck>();
        return services;
    }

    internal static string ResolvePath(string path, string? contentRoot)
    {
        if (System.IO.Path.IsPathRooted(path))
        {
            return path;
        }
        var candidates = new[] { contentRoot, AppContext.BaseDirectory }
            .Where(root => !string.IsNullOrEmpty(root))
            .Select(root => System.IO.Path.GetFullPath(System.IO.Path.Combine(root!, path)))
            .ToList();
        return candidates.FirstOrDefault(File.Exists) ?? candidates[0];
    }

    // Resolving the directory at start makes a bad file fail the start, not the first request.
    private sealed class DirectoryStartupCheck(IDirectory directory) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(directory);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

using Microsoft.Extensions.DependencyInjection.Extensions;
using SecuriteQuotidien.Storage.Exports;

// In the DI namespace so that callers find AddExportStorage without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class ExportStorageServiceCollectionExtensions
{
    /// <summary>
    /// The storage of the Excel exports, in the table <c>{prefix}Exports</c> (created when first used): the workbooks
    /// behind the download links (<see cref="IExportStore"/>) and the links' signing key when none is configured
    /// (<see cref="IExportSigningKeyStore"/>). Needs <c>AddTableStorage</c>.
    /// </summary>
    public static IServiceCollection AddExportStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IExportStore, ExportStore>();
        services.TryAddSingleton<IExportSigningKeyStore, ExportSigningKeyStore>();
        return services;
    }
}

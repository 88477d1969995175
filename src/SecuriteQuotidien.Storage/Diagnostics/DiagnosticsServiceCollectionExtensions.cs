using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Storage.Diagnostics;

// In the DI namespace so that Program.cs finds AddDiagnosticsStorage without extra usings.
namespace Microsoft.Extensions.DependencyInjection;

public static class DiagnosticsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the shared diagnostics storage (<see cref="IDiagnosticRepository"/>, <see cref="IHotspotMarkStore"/>,
    /// <see cref="IMeetingRepository"/>, <see cref="IDiagnosticCardStore"/>) and <see cref="PartnerConfidentiality"/>, and creates their tables at start.
    /// Needs <c>AddTableStorage</c> and <c>AddDepartmentDirectory</c>.
    /// </summary>
    public static IServiceCollection AddDiagnosticsStorage(this IServiceCollection services)
    {
        services.TryAddSingleton<DiagnosticTables>();
        services.TryAddSingleton<IDiagnosticRepository, DiagnosticRepository>();
        services.TryAddSingleton<IHotspotMarkStore, HotspotMarkStore>();
        services.TryAddSingleton<IMeetingRepository, MeetingRepository>();
        services.TryAddSingleton<IDiagnosticCardStore, DiagnosticCardStore>();
        services.TryAddSingleton<PartnerConfidentiality>();
        services.AddHostedService<DiagnosticTablesInitializer>();
        return services;
    }

    private sealed class DiagnosticTablesInitializer(DiagnosticTables tables) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => tables.CreateAllAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

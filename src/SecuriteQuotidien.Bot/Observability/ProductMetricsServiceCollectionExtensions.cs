using Microsoft.Extensions.DependencyInjection.Extensions;
using SecuriteQuotidien.Bot.Observability;

namespace Microsoft.Extensions.DependencyInjection;

public static class ProductMetricsServiceCollectionExtensions
{
    /// <summary>Idempotent: every feature that counts calls it, so hosts built without <c>AddObservability</c> work too.</summary>
    public static IServiceCollection AddProductMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<ProductMetrics>();
        return services;
    }
}

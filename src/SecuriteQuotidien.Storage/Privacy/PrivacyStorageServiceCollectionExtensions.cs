using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Privacy;
using SecuriteQuotidien.Storage.Audit;
using SecuriteQuotidien.Storage.Privacy;

// In the DI namespace so that callers find AddPrivacyStorage without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class PrivacyStorageServiceCollectionExtensions
{
    /// <summary>
    /// The storage of the personal-data features: <see cref="IAuditTrail"/>, <see cref="IPoliceOnlyTextStore"/>,
    /// <see cref="IClosedIssueIndex"/>, <see cref="PersonalDataRows"/>, and <see cref="RetentionOptions"/> bound from
    /// the <c>Retention</c> section with the department file's "retention" section applied over it (validated at start).
    /// Needs <c>AddTableStorage</c> and <c>AddDepartmentDirectory</c>.
    /// </summary>
    public static IServiceCollection AddPrivacyStorage(this IServiceCollection services, IConfiguration configuration)
    {
        // Built once, validated when first resolved (the retention worker resolves it at start).
        services.TryAddSingleton<IOptions<RetentionOptions>>(provider =>
        {
            var bound = configuration.GetSection(RetentionOptions.SectionName).Get<RetentionOptions>() ?? new RetentionOptions();
            var directory = provider.GetRequiredService<IOptions<DirectoryOptions>>().Value;
            var path = DirectoryServiceCollectionExtensions.ResolvePath(directory.Path, provider.GetService<IHostEnvironment>()?.ContentRootPath);
            var options = File.Exists(path) ? DepartmentRetention.Apply(bound, File.ReadAllText(path)) : bound;
            options.Validate();
            return Microsoft.Extensions.Options.Options.Create(options);
        });
        services.TryAddSingleton<PrivacyTables>();
        services.TryAddSingleton<IAuditTrail, TableAuditTrail>();
        services.TryAddSingleton<IPoliceOnlyTextStore, PoliceOnlyTextStore>();
        services.TryAddSingleton<IClosedIssueIndex, ClosedIssueIndex>();
        services.TryAddSingleton<PersonalDataRows>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection.Extensions;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.Bot.Privacy;
using SecuriteQuotidien.Bot.Routing;

// In the DI namespace so that Program.cs finds AddPrivacy without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class PrivacyServiceCollectionExtensions
{
    /// <summary>
    /// Personal data: the storage (<c>AddPrivacyStorage</c>: audit trail, police-only layer, closure index, retention
    /// options from the <c>Retention</c> section and the department file), <see cref="PrivacyOptions"/> (section
    /// <c>Privacy</c>) and <see cref="RetentionWorkerOptions"/> (section <c>Retention</c>) validated at start, the
    /// masking action, the administrators' commands (`audit export`, `données personne`, `effacer personne`) and the
    /// <see cref="RetentionWorker"/> (also resolvable as itself, to run once by hand).
    /// Needs <c>AddTableStorage</c>, <c>AddDepartmentDirectory</c> and <c>AddReferent</c>.
    /// </summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPrivacyStorage(configuration);
        services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionWorkerOptions>().BindConfiguration(SecuriteQuotidien.Domain.Privacy.RetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IssueAnonymisation>();
        services.TryAddSingleton<RetentionRun>();
        services.AddLeasedWorker<RetentionWorker>();
        services.AddScoped<ICardActionHandler, MaskPassageFeature>();
        services.AddSingleton<ICommandHandler, AuditExportCommand>();
        services.AddSingleton<ICommandHandler, PersonDataCommand>();
        services.TryAddSingleton<PersonErasure>();
        services.AddSingleton<ICommandHandler>(provider => provider.GetRequiredService<PersonErasure>());
        services.AddSingleton<ICardActionHandler>(provider => provider.GetRequiredService<PersonErasure>());
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection.Extensions;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.Bot.Privacy;

// In the DI namespace so that Program.cs finds AddPrivacy without an extra using.
using SecuriteQuotidien.Bot.Turns;

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
        const string mask = "masquer un passage de ce signalement";
        services.AddActions<MaskPassageFeature>(
            ActionDeclaration.Verb<MaskPassageFeature>(ActionIds.Issue.Mask, Audience.Police, TargetKind.Issue, mask),
            ActionDeclaration.Verb<MaskPassageFeature>(ActionIds.Issue.MaskSubmit, Audience.Police, TargetKind.Issue, mask));
        services.AddSingleton<AuditExportCommand>();
        services.AddActions<AuditExportCommand>(
            ActionDeclaration.Command<AuditExportCommand>(ActionIds.Commands.AuditExport, Audience.Administrator, "exporter le journal d'audit"));
        services.AddSingleton<PersonDataCommand>();
        services.AddActions<PersonDataCommand>(
            ActionDeclaration.Command<PersonDataCommand>(ActionIds.Commands.PersonData, Audience.Administrator, "répondre à une demande d'accès"));
        services.TryAddSingleton<PersonErasure>();
        const string erase = "effacer les données d'une personne";
        services.AddActions<PersonErasure>(
            ActionDeclaration.Command<PersonErasure>(ActionIds.Commands.PersonErase, Audience.Administrator, erase),
            ActionDeclaration.Verb<PersonErasure>(ActionIds.Privacy.ErasureConfirm, Audience.Administrator, TargetKind.None, erase),
            ActionDeclaration.Verb<PersonErasure>(ActionIds.Privacy.ErasureCancel, Audience.Administrator, TargetKind.None, erase));
        return services;
    }
}

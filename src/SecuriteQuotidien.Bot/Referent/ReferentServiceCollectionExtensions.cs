using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Bot.Reminders;
using SecuriteQuotidien.Bot.Routing;

// In the DI namespace so that Program.cs finds AddReferent without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class ReferentServiceCollectionExtensions
{
    /// <summary>
    /// The referent's actions on the issue card and the partner's follow-up: <see cref="ReferentOptions"/>
    /// (section <c>Referent</c>) and <see cref="FollowUpOptions"/> (section <c>FollowUp</c>), validated at start.
    /// Needs <c>AddDelivery</c> and an <see cref="IReminderScheduler"/> (<c>AddReminders</c>).
    /// </summary>
    public static IServiceCollection AddReferent(this IServiceCollection services)
    {
        services.AddOptions<ReferentOptions>().BindConfiguration(ReferentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FollowUpOptions>().BindConfiguration(FollowUpOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IssueCardService>();
        services.AddScoped<PartnerNotifier>();
        services.AddScoped<ICardActionHandler, IssueActionsFeature>();
        services.AddScoped<ICardActionHandler, PartnerAnswersFeature>();
        return services;
    }
}

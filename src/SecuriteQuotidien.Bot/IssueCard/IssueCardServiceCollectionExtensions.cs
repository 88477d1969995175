using Microsoft.Extensions.DependencyInjection.Extensions;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.IssueCard;
using SecuriteQuotidien.Bot.Turns.Ports;

// In the DI namespace so that Program.cs finds AddIssueCard without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class IssueCardServiceCollectionExtensions
{
    /// <summary>
    /// The issue's root card and its notifications, behind the ports the features use: <see cref="INewIssueRouter"/>
    /// (the new thread in the sector channel), <see cref="IIssueCards"/> (the card built and updated in place),
    /// <see cref="IPartnerNotifier"/> (the partner's messages and the follow-up question), and the outbox purpose that
    /// stores a posted thread on its issue. <see cref="IssueCardOptions"/> (section <c>Referent</c>) and
    /// <see cref="FollowUpOptions"/> (section <c>FollowUp</c>), validated at start. Needs <c>AddDelivery</c>.
    /// </summary>
    public static IServiceCollection AddIssueCard(this IServiceCollection services)
    {
        services.AddOptions<IssueCardOptions>().BindConfiguration(IssueCardOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FollowUpOptions>().BindConfiguration(FollowUpOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<INewIssueRouter, SectorChannelRouter>();
        services.AddScoped<IIssueCards, IssueCardService>();
        services.AddScoped<IPartnerNotifier, PartnerNotifier>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxPurposeHandler, AttachThreadPurpose>());
        return services;
    }
}

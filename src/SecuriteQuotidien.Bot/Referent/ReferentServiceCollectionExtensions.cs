using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Bot.Turns.Ports;

// In the DI namespace so that Program.cs finds AddReferent without an extra using.
using SecuriteQuotidien.Bot.Turns;

namespace Microsoft.Extensions.DependencyInjection;

public static class ReferentServiceCollectionExtensions
{
    /// <summary>
    /// The referent's actions on the issue card and the partner's answers: <see cref="ReferentOptions"/>
    /// (section <c>Referent</c>), validated at start. Needs <c>AddDelivery</c>, the issue card's ports
    /// (<c>AddIssueCard</c>) and an <see cref="IReminderScheduler"/> (<c>AddReminders</c>).
    /// </summary>
    public static IServiceCollection AddReferent(this IServiceCollection services)
    {
        services.AddOptions<ReferentOptions>().BindConfiguration(ReferentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        const string act = "agir sur ce signalement";
        ActionDeclaration Police(string verb) => ActionDeclaration.Verb<IssueActionsFeature>(verb, Audience.Police, TargetKind.Issue, act);
        services.AddActions<IssueActionsFeature>(
            Police(ActionIds.Issue.Acknowledge), Police(ActionIds.Issue.Response), Police(ActionIds.Issue.ResponseSubmit),
            Police(ActionIds.Issue.Clarify), Police(ActionIds.Issue.ClarifySubmit), Police(ActionIds.Issue.Pause), Police(ActionIds.Issue.PauseSubmit),
            Police(ActionIds.Issue.Resume), Police(ActionIds.Issue.Transfer), Police(ActionIds.Issue.TransferSubmit), Police(ActionIds.Issue.Close),
            Police(ActionIds.Issue.CloseSubmit),
            // The card itself: the police view for the police, the partner's view for its reporter, the shared view for
            // the members of the channel it is posted in (the refresh Teams sends for each of them); nobody else.
            ActionDeclaration.Verb<IssueActionsFeature>(ActionIds.Issue.Refresh, Audience.Police | Audience.Owner | Audience.ConversationMember,
                TargetKind.Issue, "consulter ce signalement"));
        // The reporter's answers: the handler finds the issue among the caller's own reports (the card carries no sector).
        services.AddActions<PartnerAnswersFeature>(
            ActionDeclaration.Verb<PartnerAnswersFeature>(ActionIds.Partner.ClarificationAnswer, Audience.Partner, TargetKind.None, "répondre pour ce signalement"),
            ActionDeclaration.Verb<PartnerAnswersFeature>(ActionIds.Partner.FollowUpAnswer, Audience.Partner, TargetKind.None, "répondre pour ce signalement"));
        return services;
    }
}

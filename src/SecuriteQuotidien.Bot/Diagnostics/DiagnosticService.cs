using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Diagnostics;

/// <summary>
/// What the diagnostics handlers share: the sector's issues as facts, the current diagnostic card with its
/// evaluation, its post and in-place updates in the sector channel, and the partner views.
/// </summary>
public sealed class DiagnosticService(
    IDirectory directory,
    IIssueRepository issues,
    IIssueEventRepository events,
    IDiagnosticRepository diagnostics,
    IDiagnosticCardStore cards,
    IProactiveSender sender,
    PartnerConfidentiality confidentiality,
    IOptions<DiagnosticsOptions> options,
    TimeProvider time) : IDiagnosticCardPublisher
{
    public PartnerConfidentiality Confidentiality => confidentiality;

    public DateOnly Today => LocalDate(time.GetUtcNow());

    public DateOnly LocalDate(DateTimeOffset at) => directory.LocalDateOf(at);

    /// <summary>The sector bound to the channel an activity comes from, or null.</summary>
    public Sector? SectorOfChannel(Activity activity)
    {
        if (activity.Conversation?.ConversationType != "channel")
        {
            return null;
        }
        var channelId = activity.GetTeamsChannelId() ?? activity.Conversation.Id?.Split(';')[0];
        return directory.Sectors.FirstOrDefault(s => string.Equals(s.ChannelId, channelId, StringComparison.Ordinal));
    }

    public static DiagnosticActor ActorOf(string objectId, PersonRoles roles) => new(objectId, roles);

    /// <summary>Every issue of the sector (one partition read), as facts in local dates.</summary>
    public async Task<IReadOnlyList<Issue>> SectorIssuesAsync(string sectorId, CancellationToken cancellationToken) =>
        await issues.ListBySectorAsync(sectorId, cancellationToken);

    public IReadOnlyList<IssueFacts> FactsOf(IEnumerable<Issue> sectorIssues) => [.. sectorIssues.Select(i => IssueFacts.From(i, directory.TimeZone))];

    /// <summary>"05-2026-0042 — Incivilités — Hall A — 3 mars 2026".</summary>
    public IssueLine LineOf(IssueFacts issue) => new(issue.Number,
        $"{issue.Number} — {directory.FindCategory(issue.CategoryId)?.Label ?? issue.CategoryId} — "
        + $"{(issue.SiteId is null ? "adresse libre" : directory.FindSite(issue.SiteId)?.Name ?? issue.SiteId)} — {FrenchDateFormat.Long(issue.CreatedOn)}");

    /// <summary>The sector's recent issues for the opening form, newest first; the pre-selected ones always included.</summary>
    public IReadOnlyList<IssueLine> Candidates(IReadOnlyList<IssueFacts> facts, IReadOnlyCollection<IssueNumber> preselected)
    {
        var settings = options.Value;
        var since = Today.AddDays(-settings.RecentIssueDays);
        var recent = facts.Where(f => f.CreatedOn >= since).OrderByDescending(f => f.Number).Take(settings.MaxCandidateIssues);
        return [.. facts.Where(f => preselected.Contains(f.Number)).Concat(recent).DistinctBy(f => f.Number)
            .OrderByDescending(f => f.Number).Select(LineOf)];
    }

    /// <summary>The evaluation of the chosen method (police figures, or partner-safe ones), or null when none is chosen.</summary>
    public async Task<EvaluationResult?> EvaluateAsync(Diagnostic diagnostic, bool partnerSafe, CancellationToken cancellationToken,
        IReadOnlyList<Issue>? sectorIssues = null)
    {
        if (diagnostic.Evaluation is not { } chosen || directory.Diagnostics.FindMethod(chosen.MethodId) is not { } method)
        {
            return null;
        }
        var listed = sectorIssues ?? await issues.ListBySectorAsync(diagnostic.SectorId, cancellationToken);
        var facts = FactsOf(listed).ToList();
        if (method.Kind == EvaluationMethodKind.FollowUpAnswers)
        {
            // The partners' follow-up answers are events of the linked issues' timelines.
            var linked = diagnostic.LinkedIssues.Select(l => l.Number).ToHashSet();
            for (var i = 0; i < facts.Count; i++)
            {
                if (linked.Contains(facts[i].Number))
                {
                    var timeline = await events.ListAsync(facts[i].Number, partnerVisibleOnly: true, cancellationToken);
                    facts[i] = facts[i] with { FollowUp = IssueFollowUp.LatestOf(timeline)?.Answer };
                }
            }
        }
        var answers = method.Kind == EvaluationMethodKind.PartnerSurvey
            ? await diagnostics.ListSurveyAnswersAsync(diagnostic.SectorId, diagnostic.Number, cancellationToken)
            : [];
        return EvaluationCalculator.Compute(diagnostic, method, new EvaluationInputs
        {
            Today = Today,
            TimeZone = directory.TimeZone,
            SectorIssues = facts,
            SurveyAnswers = answers,
            PartnerSafe = partnerSafe ? Confidentiality : null,
        });
    }

    /// <param name="shared">For a conversation partners read (the sector channel): the partner-safe view.</param>
    public async Task<AdaptiveCard> CardAsync(Diagnostic diagnostic, CancellationToken cancellationToken, string? notice = null, bool shared = false) =>
        DiagnosticCards.Diagnostic(diagnostic, directory, Today, await EvaluateAsync(diagnostic, partnerSafe: shared, cancellationToken), notice,
            shared ? Confidentiality : null);

    /// <summary>Posts the diagnostic card as a new thread of its sector channel; its location is recorded once sent.</summary>
    public async Task PostAsync(Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (directory.FindSector(diagnostic.SectorId) is not { } sector)
        {
            return;
        }
        var card = await CardAsync(diagnostic, cancellationToken, shared: true);
        await sender.StartThreadAsync(OutboxKeys.DiagnosticRoot(diagnostic.Number), ChannelAddress.Of(directory, sector),
            card.ToMessage(summary: $"Diagnostic partagé {diagnostic.Number}"), new ProactiveSendOptions
            {
                OnSent = DiagnosticCardPurpose.For(diagnostic.SectorId, diagnostic.Number),
                FailureAlert = $"Le diagnostic {diagnostic.Number} n'a pas pu être publié dans le canal du secteur {sector.Name} : "
                    + "le bot a peut-être été retiré de l'équipe.",
            }, cancellationToken);
    }

    public async Task PublishAsync(Diagnostic diagnostic, CancellationToken cancellationToken, string? keySuffix = null)
    {
        if (directory.FindSector(diagnostic.SectorId) is not { } sector
            || await cards.GetAsync(diagnostic.SectorId, diagnostic.Number, cancellationToken) is not { } location)
        {
            return;
        }
        var card = await CardAsync(diagnostic, cancellationToken, shared: true);
        var key = OutboxKeys.DiagnosticCard(diagnostic.Number, diagnostic.Version) + (keySuffix is null ? "" : ":" + keySuffix);
        await sender.UpdateInChannelAsync(key, ChannelAddress.Of(directory, sector),
            location.ConversationId, location.RootActivityId, card.ToMessage(summary: $"Diagnostic partagé {diagnostic.Number}"),
            cancellationToken: cancellationToken);
    }

    /// <summary>« mes actions » of an organisation: its open diagnostics in the partner's sectors, as partner views.</summary>
    public async Task<IReadOnlyList<PartnerDiagnosticItem>> PartnerItemsAsync(Partner partner, CancellationToken cancellationToken)
    {
        var owned = await diagnostics.ListActionsByOwnerAsync(partner.Organisation.Id, cancellationToken);
        var open = owned.Select(o => o.Stored.Diagnostic)
            .Where(d => d.IsOpen && partner.SectorIds.Contains(d.SectorId, StringComparer.Ordinal))
            .DistinctBy(d => d.Number)
            .ToList();
        var items = PartnerView.ActionsOf(open, partner.Organisation.Id);
        return [.. items.GroupBy(i => i.Number).Select(g =>
        {
            var diagnostic = open.First(d => d.Number == g.Key);
            return new PartnerDiagnosticItem(PartnerView.Of(diagnostic, Confidentiality), [.. g.Select(i => i.Action)]);
        })];
    }

    /// <summary>The people of an organisation who are partners of the sector (they get its reminders and surveys).</summary>
    public IEnumerable<Partner> PeopleOf(string organisationId, string sectorId) =>
        directory.PartnersOfOrganisation(organisationId).Where(p => p.SectorIds.Contains(sectorId, StringComparer.Ordinal));
}

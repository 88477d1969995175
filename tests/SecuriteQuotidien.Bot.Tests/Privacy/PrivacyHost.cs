using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Privacy;

/// <summary>
/// The bot host on a fake clock (Monday 2 March 2026, 10:00 Paris) with a pseudonym key (the retention worker
/// off: tests run it by hand), installed in the demo team and in the partner's chat.
/// </summary>
public sealed class PrivacyHost : BotTestHost
{
    public const string PseudonymKey = "0123456789abcdef0123456789abcdef-test-only";

    public static readonly DateTimeOffset Start = ParisTime.At(new DateOnly(2026, 3, 2), new TimeOnly(10, 0));

    private PrivacyHost(AzuriteFixture azurite, BotTestHostOptions options) : base(azurite.ConnectionString, options)
    {
    }

    public new FakeTimeProvider Time => (FakeTimeProvider)base.Time;
    public IAuditTrail Audit => Get<IAuditTrail>();

    public static async Task<PrivacyHost> StartAsync(AzuriteFixture azurite, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        all.TryAdd("Retention:PseudonymKey", PseudonymKey);
        var host = new PrivacyHost(azurite, new BotTestHostOptions { Time = new FakeTimeProvider(Start), Settings = all });
        await host.StartHostAsync();
        return host;
    }

    /// <summary>Types <paramref name="text"/> in <paramref name="objectId"/>'s personal chat; returns the bot's <paramref name="replies"/> answers.</summary>
    public async Task<IReadOnlyList<ConnectorRequest>> AskAsync(string text, string objectId, int replies = 1) =>
        [.. (await SayAsync(TeamsActivities.Personal(Connector.ServiceUrl, text: text, objectId: objectId), replies)).Take(replies)];

    /// <summary>A new issue of the partner in Gap hyper-centre with a thread, created at the fake clock's instant.</summary>
    public Task<Issue> NewIssueAsync(string description, string? effect = null) =>
        SeedIssueAsync(subCategory: "halls", site: IssueSite.Address("12 rue de France", "hall B"), description: description, effect: effect,
            withThread: true);

    /// <summary>The referent closes the issue through the card's form ("Résolu").</summary>
    public async Task<Issue> CloseAsync(Issue issue)
    {
        var referent = As(DemoPeople.GapReferent);
        var form = CardClient.CardOf(await referent.InvokeAsync(ActionIds.Issue.Close, IssueRef.Of(issue).ToData()));
        await referent.ClickAsync(form, ActionIds.Issue.CloseSubmit, new Dictionary<string, string> { [ReferentFields.Outcome] = "resolu" });
        var closed = await ReadAsync(issue);
        Assert.Equal(IssueStatus.Closed, closed.Status);
        return closed;
    }

    /// <summary>The audit events of the fake clock's day.</summary>
    public async Task<IReadOnlyList<AuditEvent>> AuditTodayAsync() => (await Audit.ListAsync(Today, Today, 500, CancellationToken.None)).Events;
}

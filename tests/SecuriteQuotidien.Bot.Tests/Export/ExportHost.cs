using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Bot.Export;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Bot.Tests.Status;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Export;

/// <summary>
/// The bot host, not installed, on a fake clock (Friday 20 November 2026, 10:00 Paris, the status data set's day),
/// with a fixed signing key and a known data set of eight issues (<see cref="SeedAsync"/>).
/// </summary>
public sealed class ExportHost : BotTestHost
{
    public const string SigningKey = "test-signing-key-0123456789-abcdefghijklmnop";
    public const string PublicBaseUrl = "https://bot.example.test";

    public const string FormulaDescription = "=HYPERLINK(\"http://evil.example\",\"cliquez\")";
    public const string MinusDescription = "-1 place de parking sur deux, stationnement gênant";
    public const string AtDescription = "@SUM(1+1) tapage nocturne tous les soirs";
    public const string PoliceNote = "Note police confidentielle : auteur identifié";

    public static readonly DateTimeOffset DataSetDay = StatusHost.DataSetDay;

    private ExportHost(AzuriteFixture azurite, BotTestHostOptions options) : base(azurite.ConnectionString, options)
    {
    }

    public new FakeTimeProvider Time => (FakeTimeProvider)base.Time;

    /// <summary>
    /// With <paramref name="signIn"/>, downloads prove who they are with its ID tokens (<c>Export:SignIn</c>);
    /// without, the local run's rule applies. Requests come from <paramref name="remoteAddress"/> (default loopback).
    /// </summary>
    public static async Task<ExportHost> StartAsync(AzuriteFixture azurite, EntraSignInStandIn? signIn = null, IPAddress? remoteAddress = null,
        string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Export:SigningKey"] = SigningKey,
            ["Export:PublicBaseUrl"] = PublicBaseUrl,
        };
        foreach (var (key, value) in (signIn?.Settings ?? new Dictionary<string, string?>()).Concat(settings ?? new Dictionary<string, string?>()))
        {
            all[key] = value;
        }
        var host = new ExportHost(azurite, new BotTestHostOptions
        {
            Time = new FakeTimeProvider(DataSetDay),
            Install = false,
            Environment = environment,
            RemoteAddress = remoteAddress ?? IPAddress.Loopback,
            Settings = all,
        });
        await host.StartHostAsync();
        return host;
    }

    /// <summary>Types <paramref name="text"/> in the personal chat as <paramref name="objectId"/>; returns the bot's reply.</summary>
    public Task<ConnectorRequest> AskAsync(string text, string objectId = DemoPeople.Commissioner) => SayInPersonalChatAsync(text, objectId);

    /// <summary>Mentions the bot in the Gap hyper-centre channel; returns the <paramref name="expected"/> messages the bot posts.</summary>
    public async Task<IReadOnlyList<ConnectorRequest>> MentionAsync(string text, string objectId, int expected)
    {
        var before = Connector.Posts.Count;
        await PostAsync(TeamsActivities.ChannelMention(Connector.ServiceUrl, text, objectId: objectId));
        var posts = await Connector.WaitForPostsAsync(before + expected, DefaultWait);
        Assert.True(posts.Count >= before + expected, $"{posts.Count - before} of {expected} replies");
        return [.. posts.Skip(before)];
    }

    /// <summary>The facts of a card (title → value).</summary>
    public static Dictionary<string, string> Facts(JsonNode card) => CardClient.Facts(card);

    /// <summary>The « Télécharger » link of an export card.</summary>
    public static Uri LinkOf(ConnectorRequest reply)
    {
        var action = reply.Card?["actions"]?.AsArray().Single(a => a?["title"]?.GetValue<string>() == "Télécharger");
        return new Uri(action!["url"]!.GetValue<string>());
    }

    /// <summary>
    /// GETs the link's path and query on the test server, optionally with the headers Easy Auth would forward: the ID
    /// token and the principal id (which the bot must never trust alone).
    /// </summary>
    public async Task<HttpResponseMessage> DownloadAsync(Uri link, string? idToken = null, string? principalId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, link.PathAndQuery);
        if (idToken is not null)
        {
            request.Headers.Add(ExportSignIn.IdTokenHeader, idToken);
        }
        if (principalId is not null)
        {
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL-ID", principalId);
        }
        return await Http.SendAsync(request);
    }

    /// <summary>
    /// The data set (today Friday 20 November 2026; « export » covers 2026):
    /// 0001 Gap hyper-centre, Camille, created 1 Sept, deadline 1 Oct, patrouille ciblée 20 Sept with a police note;
    /// 0002 Gap hyper-centre, Camille, created 10 Sept, deadline 10 Oct, médiation 12 Oct, closed resolved 30 Oct, follow-up « Oui » 5 Nov;
    /// 0003 Gap hyper-centre, Camille, created 15 Sept, deadline 15 Oct, acknowledged, no response (36 days overdue);
    /// 0004 Briançon hyper-centre, Karim, created 1 Oct, deadline 31 Oct, new (20 days overdue);
    /// 0005 Briançon hyper-centre, Karim, created 1 Nov, deadline 1 Dec, new;
    /// 0006 Gap zones économiques, Karim, stupéfiants, created 24 Oct, deadline 23 Nov, acknowledged (due in 3 days);
    /// 0007 Gap hyper-centre, Karim, created 1 Dec 2025, answered 10 Dec 2025, closed resolved 20 Dec 2025 (outside 2026);
    /// 0008 Gap hyper-centre, Camille, created 5 Sept, deadline 5 Oct, opération de police 1 Oct, follow-up status.
    /// </summary>
    public async Task SeedAsync()
    {
        static DateTimeOffset At(int year, int month, int day) => ParisTime.At(new DateOnly(year, month, day), new TimeOnly(9, 0));

        var first = await SeedOneAsync("gap-hyper-centre", DemoPeople.Camille, "incivilites", FormulaDescription, i => i with
        {
            CreatedAt = At(2026, 9, 1), Deadline = new(2026, 10, 1), Status = IssueStatus.ResponseEngaged, FirstResponseAt = At(2026, 9, 20),
        });
        await RespondAsync(first, "Patrouille ciblée", At(2026, 9, 20));
        await Events.AppendAsync(first.EventOf(IssueEventKind.NoteAdded, DemoPeople.GapReferent, At(2026, 9, 20), EventVisibility.PoliceOnly, PoliceNote),
            CancellationToken.None);

        var second = await SeedOneAsync("gap-hyper-centre", DemoPeople.Camille, "incivilites", MinusDescription, i => i with
        {
            CreatedAt = At(2026, 9, 10), Deadline = new(2026, 10, 10), Status = IssueStatus.Closed, Outcome = IssueOutcome.Resolved,
            FirstResponseAt = At(2026, 10, 12), ClosedAt = At(2026, 10, 30),
        });
        await RespondAsync(second, "Médiation", At(2026, 10, 12));
        await Events.AppendAsync(IssueFollowUp.AnswerEvent(second, FollowUpAnswer.Yes, DemoPeople.Camille, At(2026, 11, 5)), CancellationToken.None);

        await SeedOneAsync("gap-hyper-centre", DemoPeople.Camille, "incivilites", "Regroupements bruyants dans le hall B.", i => i with
        {
            CreatedAt = At(2026, 9, 15), Deadline = new(2026, 10, 15), Status = IssueStatus.Acknowledged,
        });
        await SeedOneAsync("briancon-hyper-centre", DemoPeople.Karim, "incivilites", AtDescription, i => i with
        {
            CreatedAt = At(2026, 10, 1), Deadline = new(2026, 10, 31),
        });
        await SeedOneAsync("briancon-hyper-centre", DemoPeople.Karim, "incivilites", "Dépôts sauvages devant le local vélos.", i => i with
        {
            CreatedAt = At(2026, 11, 1), Deadline = new(2026, 12, 1),
        });
        await SeedOneAsync("gap-zones-economiques", DemoPeople.Karim, "trafic-stupefiants", "Allées et venues suspectes le soir.", i => i with
        {
            CreatedAt = At(2026, 10, 24), Deadline = new(2026, 11, 23), Status = IssueStatus.Acknowledged,
        });
        var old = await SeedOneAsync("gap-hyper-centre", DemoPeople.Karim, "incivilites", "Signalement de l'an dernier.", i => i with
        {
            CreatedAt = At(2025, 12, 1), Deadline = new(2025, 12, 31), Status = IssueStatus.Closed, Outcome = IssueOutcome.Resolved,
            FirstResponseAt = At(2025, 12, 10), ClosedAt = At(2025, 12, 20),
        });
        await RespondAsync(old, "Médiation", At(2025, 12, 10));
        var eighth = await SeedOneAsync("gap-hyper-centre", DemoPeople.Camille, "incivilites", "Vitres brisées au parking souterrain.", i => i with
        {
            CreatedAt = At(2026, 9, 5), Deadline = new(2026, 10, 5), Status = IssueStatus.FollowUp, FirstResponseAt = At(2026, 10, 1),
        });
        await RespondAsync(eighth, "Opération de police", At(2026, 10, 1));
    }

    private Task RespondAsync(Issue issue, string type, DateTimeOffset at) =>
        Events.AppendAsync(issue.EventOf(IssueEventKind.ResponseEngaged, DemoPeople.GapReferent, at, EventVisibility.PartnerVisible,
            $"{type}, {FrenchDateFormat.Long(ParisTime.DateOf(at))} : action menée."), CancellationToken.None);

    private Task<Issue> SeedOneAsync(string sectorId, string reporter, string category, string description, Func<Issue, Issue> shape) =>
        SeedIssueAsync(sectorId, category, reporter: reporter, site: IssueSite.Address("+12 rue de la Paix", "hall B"), description: description,
            shape: shape, lastOccurrence: new DateOnly(2026, 9, 1));
}

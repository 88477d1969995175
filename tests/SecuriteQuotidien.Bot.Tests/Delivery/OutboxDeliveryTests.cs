using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.IssueCard;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Faults;

namespace SecuriteQuotidien.Bot.Tests.Delivery;

/// <summary>The outbox end to end: real Azurite, real HTTP to a connector stand-in, the real dispatcher.</summary>
public sealed partial class OutboxDeliveryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Tenant = DemoDepartment.Tenant;
    private const string AdministratorObjectId = DemoPeople.Marc;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly CancellationToken None = CancellationToken.None;

    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    private Task<DeliveryHost> StartHostAsync(IDictionary<string, string?>? settings = null, string? tablePrefix = null, bool withDispatcher = true,
        Action<IServiceCollection>? configure = null) =>
        DeliveryHost.StartAsync(azurite.ConnectionString, _connector, tablePrefix, settings, withDispatcher, configure);

    private static Activity Message(string text) => new() { Type = ActivityTypes.Message, Text = text };

    private static (IDirectory Directory, Sector Sector) GapHyperCentre(DeliveryHost host)
    {
        var directory = host.Services.GetRequiredService<IDirectory>();
        return (directory, directory.FindSector("gap-hyper-centre")!);
    }

    private static ChannelAddress GapChannel(DeliveryHost host)
    {
        var (directory, sector) = GapHyperCentre(host);
        return ChannelAddress.Of(directory, sector);
    }

    private static async Task<IssueNumber> CreateIssueAsync(DeliveryHost host)
    {
        var draft = new IssueDraft
        {
            SectorId = "gap-hyper-centre",
            CategoryId = "occupation-parties-communes",
            Reporter = new IssueReporter(DemoPeople.Partner, "residence-les-cedres"),
            Site = IssueSite.Known("gap-residence-les-cedres-hall-a"),
            LastOccurrence = new DateOnly(2026, 3, 9),
            TimeOfDay = TimeOfDay.Evening,
            Frequency = IssueFrequency.Daily,
            Description = "Regroupement bruyant dans le hall A chaque soir.",
        };
        var creation = await host.Issues.CreateAsync(draft, "draft-" + Guid.NewGuid().ToString("N"), None);
        return creation.Stored.Issue.Number;
    }

    /// <summary>What the bot keeps when Teams tells it of a channel (or of its team: the General channel's id is the team's).</summary>
    private Task SaveChannelReferenceAsync(DeliveryHost host, string teamId, string channelId) =>
        host.References.SaveAsync(new ConversationReference
        {
            ConversationId = channelId,
            ServiceUrl = _connector.ServiceUrl,
            ConversationType = "channel",
            TenantId = Tenant,
            TeamId = teamId,
            TeamsChannelId = channelId,
            LastSeen = host.Now,
        }, None);

    private Task SaveUserReferenceAsync(DeliveryHost host, string objectId, string conversationId) =>
        host.References.SaveAsync(new ConversationReference
        {
            ConversationId = conversationId,
            ServiceUrl = _connector.ServiceUrl,
            ConversationType = "personal",
            TenantId = Tenant,
            UserId = "29:" + objectId,
            UserAadObjectId = objectId,
            LastSeen = host.Now,
        }, None);

    [Fact]
    public async Task A_new_thread_is_created_in_the_sector_channel_and_attached_to_its_issue()
    {
        await using var host = await StartHostAsync();
        var (directory, sector) = GapHyperCentre(host);
        var number = await CreateIssueAsync(host);
        var key = $"root:{number}";

        var added = await host.Sender.StartThreadAsync(key, ChannelAddress.Of(directory, sector), Message("Nouveau signalement"),
            new ProactiveSendOptions { OnSent = AttachThreadPurpose.For(sector.Id, number) });

        Assert.True(added);
        await host.WaitForStateAsync(key, OutboxState.Sent, Timeout);
        var request = Assert.Single(_connector.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/_connector/v3/conversations", request.Path);
        var body = request.Body!;
        Assert.True(body["isGroup"]!.GetValue<bool>());
        Assert.Equal(sector.ChannelId, body["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Equal(Tenant, body["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        Assert.Equal(Tenant, body["tenantId"]!.GetValue<string>());
        Assert.Equal("message", body["activity"]!["type"]!.GetValue<string>());
        Assert.Equal("Nouveau signalement", body["activity"]!["text"]!.GetValue<string>());
        Assert.DoesNotContain("null", body.ToJsonString(), StringComparison.Ordinal);

        var issue = (await host.Issues.GetAsync(sector.Id, number, None))!.Issue;
        Assert.NotNull(issue.Thread);
        Assert.Matches("^[0-9]+$", issue.Thread.RootActivityId);
        Assert.Equal($"{sector.ChannelId};messageid={issue.Thread.RootActivityId}", issue.Thread.ConversationId);
    }

    [Fact]
    public async Task A_channel_without_its_own_reference_is_reached_through_its_team_reference()
    {
        // The configured default connector is closed: only the team's stored reference leads to the stand-in.
        await using var host = await StartHostAsync(new Dictionary<string, string?> { ["Delivery:DefaultServiceUrl"] = "http://127.0.0.1:9/_connector" });
        var directory = host.Services.GetRequiredService<IDirectory>();
        var sector = directory.Sectors.First(s => s.ChannelId != s.TeamId);
        await SaveChannelReferenceAsync(host, sector.TeamId, sector.TeamId);

        await host.Sender.StartThreadAsync("root:team-fallback", ChannelAddress.Of(directory, sector), Message("Signalement"));

        await host.WaitForStateAsync("root:team-fallback", OutboxState.Sent, Timeout);
        var request = Assert.Single(_connector.Requests);
        Assert.Equal(sector.ChannelId, request.Body!["channelData"]!["channel"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_root_card_queued_before_the_channel_was_known_reaches_it_once_the_channel_reference_is_learnt()
    {
        // No reference for the channel yet, and the default connector address leads nowhere (closed port).
        await using var host = await StartHostAsync(new Dictionary<string, string?> { ["Delivery:DefaultServiceUrl"] = "http://127.0.0.1:9/_connector" });
        var (directory, sector) = GapHyperCentre(host);
        var number = await CreateIssueAsync(host);
        var key = $"root:{number}";
        await host.Sender.StartThreadAsync(key, ChannelAddress.Of(directory, sector), Message("Nouveau signalement"),
            new ProactiveSendOptions { OnSent = AttachThreadPurpose.For(sector.Id, number) });
        await host.WaitForAsync(key, m => m.Attempts >= 1 && m.LastError is not null, Timeout);
        Assert.Empty(_connector.Requests);

        // The team's General channel is opened: Teams tells the bot, which keeps the channel's reference.
        await SaveChannelReferenceAsync(host, sector.TeamId, sector.ChannelId);

        await host.WaitForStateAsync(key, OutboxState.Sent, Timeout);
        var request = Assert.Single(_connector.Requests);
        Assert.Equal(sector.ChannelId, request.Body!["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.NotNull((await host.Issues.GetAsync(sector.Id, number, None))!.Issue.Thread);
    }

    [Fact]
    public async Task A_root_card_whose_claim_expires_during_the_send_still_gets_its_thread_attached()
    {
        // The dev clock is moved 16 days while Teams answers the post: the claim (10 s) is long over when the answer arrives.
        var clock = TestClock.Default();
        await using var host = await DeliveryHost.StartAsync(azurite.ConnectionString, _connector, time: clock);
        var (directory, sector) = GapHyperCentre(host);
        var number = await CreateIssueAsync(host);
        var key = $"root:{number}";
        var moved = 0;
        _connector.WhileAnswering = async _ =>
        {
            if (Interlocked.Exchange(ref moved, 1) == 0)
            {
                clock.Advance(TimeSpan.FromDays(16));
                // The dispatcher claims the message again (its claim looks expired) before this answer leaves.
                await host.WaitForAsync(key, m => m.Attempts == 2, Timeout, "claimed a second time");
            }
        };

        await host.Sender.StartThreadAsync(key, ChannelAddress.Of(directory, sector), Message("Nouveau signalement"),
            new ProactiveSendOptions { OnSent = AttachThreadPurpose.For(sector.Id, number) });

        var sent = await host.WaitForStateAsync(key, OutboxState.Sent, Timeout);
        Assert.Equal(2, sent.Attempts);
        var issue = (await host.Issues.GetAsync(sector.Id, number, None))!.Issue;
        Assert.NotNull(issue.Thread);
        // Posted once: the second claim found the thread the first send attached, so nothing was sent again.
        await Task.Delay(500);
        Assert.Single(_connector.Requests);
    }

    [Fact]
    public async Task A_reminder_whose_claim_expires_during_the_send_is_not_posted_again_by_the_same_instance()
    {
        // As in a simulated month: the dev clock jumps a day while Teams answers a reminder, the dispatcher claims the
        // reminder again (its claim looks expired), and the answer then arrives for the first claim.
        var clock = TestClock.Default();
        await using var host = await DeliveryHost.StartAsync(azurite.ConnectionString, _connector, time: clock);
        const string key = "reminder:clock-jump";
        var moved = 0;
        _connector.WhileAnswering = async _ =>
        {
            if (Interlocked.Exchange(ref moved, 1) == 0)
            {
                clock.Advance(TimeSpan.FromDays(1));
                await host.WaitForAsync(key, m => m.Attempts == 2, Timeout, "claimed a second time");
            }
        };

        await host.Sender.ReplyInThreadAsync(key, GapChannel(host), "19:gap-hyper-centre@thread.tacv2;messageid=1", "1", Message("Relance J+15"));

        var sent = await host.WaitForStateAsync(key, OutboxState.Sent, Timeout);
        Assert.Equal(2, sent.Attempts);
        await Task.Delay(500);
        Assert.Single(_connector.Posts);
    }

    [Fact]
    public async Task A_reply_posts_under_the_root_and_an_update_replaces_the_activity()
    {
        await using var host = await StartHostAsync();
        var channel = GapChannel(host);
        var thread = $"{channel.TeamsChannelId};messageid=1700";

        await host.Sender.ReplyInThreadAsync("reminder:05-2026-0001:J15", channel, thread, "1700", Message("Relance J+15"));
        await host.Sender.UpdateInChannelAsync("card:05-2026-0001:v2", channel, thread, "1700", Message("Carte mise à jour"));

        await host.WaitForStateAsync("reminder:05-2026-0001:J15", OutboxState.Sent, Timeout);
        await host.WaitForStateAsync("card:05-2026-0001:v2", OutboxState.Sent, Timeout);
        var escapedThread = Uri.EscapeDataString(thread);
        var reply = Assert.Single(_connector.Requests, r => r.Method == "POST");
        Assert.Equal($"/_connector/v3/conversations/{escapedThread}/activities/1700", reply.Path);
        Assert.Equal("1700", reply.Body!["replyToId"]!.GetValue<string>());
        Assert.Equal("Relance J+15", reply.Text);
        var update = Assert.Single(_connector.Requests, r => r.Method == "PUT");
        Assert.Equal($"/_connector/v3/conversations/{escapedThread}/activities/1700", update.Path);
        Assert.Equal("1700", update.Body!["id"]!.GetValue<string>());
        Assert.Equal("Carte mise à jour", update.Text);
    }

    [Fact]
    public async Task A_503_outlasting_the_client_retry_is_rescheduled_then_delivered_once()
    {
        await using var host = await StartHostAsync();
        // The connector client retries once itself; the second 503 reaches the outbox.
        _connector.FailNext(503);
        _connector.FailNext(503);

        await host.Sender.ReplyInThreadAsync("reminder:503", GapChannel(host), "19:gap-hyper-centre@thread.tacv2;messageid=1", "1", Message("Relance"));

        var sent = await host.WaitForStateAsync("reminder:503", OutboxState.Sent, Timeout);
        Assert.Equal(2, sent.Attempts);
        Assert.Contains("503", sent.LastError, StringComparison.Ordinal);
        // Two refused requests, then the delivered one; nothing after.
        await Task.Delay(500);
        Assert.Equal(3, _connector.Posts.Count);
    }

    [Fact]
    public async Task A_new_thread_that_may_have_been_posted_is_posted_again_when_its_issue_has_no_thread()
    {
        // 502 on a POST: maybe posted, maybe not, and Teams cannot tell. No thread attached: sent again.
        await using var host = await StartHostAsync();
        var (_, sector) = GapHyperCentre(host);
        var number = await CreateIssueAsync(host);
        _connector.FailNext(502);

        await host.Sender.StartThreadAsync($"root:{number}", GapChannel(host), Message("Nouveau signalement"),
            new ProactiveSendOptions { OnSent = AttachThreadPurpose.For(sector.Id, number) });

        var sent = await host.WaitForStateAsync($"root:{number}", OutboxState.Sent, Timeout);
        Assert.Equal(2, sent.Attempts);
        Assert.StartsWith("May have been delivered", sent.LastError, StringComparison.Ordinal);
        Assert.Equal(2, _connector.Requests.Count);
        Assert.NotNull((await host.Issues.GetAsync(sector.Id, number, None))!.Issue.Thread);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_retried_by_the_connector_client_after_at_least_the_delay()
    {
        await using var host = await StartHostAsync();
        _connector.FailNext(429, retryAfter: "1", code: "Throttled");

        await host.Sender.ReplyInThreadAsync("reminder:429", GapChannel(host), "19:gap-hyper-centre@thread.tacv2;messageid=2", "2", Message("Relance"));

        var sent = await host.WaitForStateAsync("reminder:429", OutboxState.Sent, Timeout);
        Assert.Equal(1, sent.Attempts);
        AssertGapsOfAtLeastOneSecond(_connector.Posts, expected: 2);
    }

    [Fact]
    public async Task A_429_outlasting_the_client_retry_is_rescheduled_at_least_the_throttling_delay_later()
    {
        await using var host = await StartHostAsync();
        _connector.FailNext(429, retryAfter: "1", code: "Throttled");
        _connector.FailNext(429, retryAfter: "1", code: "Throttled");

        await host.Sender.ReplyInThreadAsync("reminder:429-outbox", GapChannel(host), "19:gap-hyper-centre@thread.tacv2;messageid=3", "3", Message("Relance"));

        var sent = await host.WaitForStateAsync("reminder:429-outbox", OutboxState.Sent, Timeout);
        Assert.Equal(2, sent.Attempts);
        AssertGapsOfAtLeastOneSecond(_connector.Posts, expected: 3);
    }

    private static void AssertGapsOfAtLeastOneSecond(IReadOnlyList<ConnectorRequest> posts, int expected)
    {
        Assert.Equal(expected, posts.Count);
        for (var i = 1; i < posts.Count; i++)
        {
            var gap = posts[i].ReceivedAt - posts[i - 1].ReceivedAt;
            // The stand-in stamps requests when its handler runs, not when the client's delay ended:
            // scheduling jitter of a few milliseconds either way is not a retry that came too early.
            Assert.True(gap >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(20), $"request {i} came {gap} after the previous one");
        }
    }

    [Fact]
    public async Task A_403_is_failed_for_good_without_retry_and_the_administrators_are_told()
    {
        await using var host = await StartHostAsync();
        await SaveUserReferenceAsync(host, AdministratorObjectId, "a:admin-41");
        _connector.FailNext(403, code: "BotNotInConversationRoster");
        const string alert = "Le bot n'a pas pu publier le signalement 05-2026-0042 dans le canal du secteur Gap hyper-centre : il a peut-être été retiré de l'équipe.";

        await host.Sender.StartThreadAsync("root:05-2026-0042", GapChannel(host), Message("Nouveau signalement"),
            new ProactiveSendOptions { FailureAlert = alert });

        var failed = await host.WaitForStateAsync("root:05-2026-0042", OutboxState.FailedPermanent, Timeout);
        Assert.Contains("403", failed.LastError, StringComparison.Ordinal);
        var alertKey = OutboxKeys.Alert("root:05-2026-0042", AdministratorObjectId);
        await host.WaitForStateAsync(alertKey, OutboxState.Sent, Timeout);
        var post = Assert.Single(_connector.Posts);
        Assert.Equal("/_connector/v3/conversations/a%3Aadmin-41/activities", post.Path);
        Assert.Equal(alert, post.Text);
        await Task.Delay(1_000);
        Assert.Single(_connector.Requests, r => r.Path == "/_connector/v3/conversations");
        Assert.Equal(OutboxState.FailedPermanent, (await host.Outbox.GetAsync("root:05-2026-0042", None))!.State);
    }

    [Fact]
    public async Task Posts_to_a_channel_that_does_not_exist_fail_at_once_with_one_alert_for_the_channel()
    {
        // The local demo: the playground knows two of the six sector channels and answers the others
        // 500 ConversationNotFound. Before, each such post was retried up to 200 times.
        await using var host = await StartHostAsync();
        await SaveUserReferenceAsync(host, AdministratorObjectId, "a:admin-41");
        var directory = host.Services.GetRequiredService<IDirectory>();
        var sector = directory.FindSector("gap-zones-economiques")!;
        var alertKey = OutboxKeys.Alert("channel-unreachable:" + sector.ChannelId, AdministratorObjectId);

        _connector.FailNext(500, code: "ConversationNotFound");
        await host.Sender.StartThreadAsync("digest:2026-W48:gap-zones-economiques", ChannelAddress.Of(directory, sector), Message("Bilan"));
        var first = await host.WaitForStateAsync("digest:2026-W48:gap-zones-economiques", OutboxState.FailedPermanent, Timeout);
        await host.WaitForStateAsync(alertKey, OutboxState.Sent, Timeout);
        _connector.FailNext(500, code: "ConversationNotFound");
        await host.Sender.StartThreadAsync("digest:2026-W49:gap-zones-economiques", ChannelAddress.Of(directory, sector), Message("Bilan"));
        await host.WaitForStateAsync("digest:2026-W49:gap-zones-economiques", OutboxState.FailedPermanent, Timeout);
        await Task.Delay(500);

        Assert.Equal(1, first.Attempts);
        Assert.Contains("ConversationNotFound", first.LastError, StringComparison.Ordinal);
        var alert = Assert.Single(_connector.Posts);
        Assert.Contains("Le canal du secteur Gap – grands ensembles économiques est introuvable", alert.Text, StringComparison.Ordinal);
        Assert.Equal(2, _connector.Requests.Count(r => r.Path == "/_connector/v3/conversations"));
    }

    [Fact]
    public async Task The_check_at_start_names_the_sectors_whose_channel_the_bot_has_not_heard_from()
    {
        await using var host = await StartHostAsync();
        var check = host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<SectorChannelCheck>().Single();
        Assert.Equal(6, (await check.CheckAsync(None)).Count);

        // Installed in the team: General (Gap hyper-centre's channel, whose id is the team's) is known.
        await host.References.SaveAsync(new ConversationReference
        {
            ConversationId = "19:gap-hyper-centre@thread.tacv2",
            ServiceUrl = _connector.ServiceUrl,
            ConversationType = "channel",
            TenantId = Tenant,
            TeamId = "19:gap-hyper-centre@thread.tacv2",
            TeamsChannelId = "19:gap-hyper-centre@thread.tacv2",
            LastSeen = host.Now,
        }, None);

        var unknown = await check.CheckAsync(None);
        Assert.Equal(5, unknown.Count);
        Assert.DoesNotContain("gap-hyper-centre", unknown);
    }

    [Fact]
    public async Task An_alert_that_cannot_be_delivered_is_not_reported_again()
    {
        // No reference for the administrator: the alert itself is undeliverable and ends there.
        await using var host = await StartHostAsync();
        _connector.FailNext(404, code: "ConversationNotFound");

        await host.Sender.ReplyInThreadAsync("reminder:404", GapChannel(host), "19:gap-hyper-centre@thread.tacv2;messageid=4", "4", Message("Relance"),
            new ProactiveSendOptions { FailureAlert = "Le fil du signalement a disparu." });

        await host.WaitForStateAsync("reminder:404", OutboxState.FailedPermanent, Timeout);
        var alertKey = OutboxKeys.Alert("reminder:404", AdministratorObjectId);
        var alert = await host.WaitForStateAsync(alertKey, OutboxState.FailedPermanent, Timeout);
        Assert.Equal(ProactiveSender.NotInstalledReason, alert.LastError);
        Assert.Null(await host.Outbox.GetAsync(OutboxKeys.Alert(alertKey, AdministratorObjectId), None));
        Assert.Single(_connector.Requests);
    }

    [Fact]
    public async Task The_same_key_enqueued_three_times_is_posted_once()
    {
        await using var host = await StartHostAsync();
        var channel = GapChannel(host);
        const string thread = "19:gap-hyper-centre@thread.tacv2;messageid=5";

        var results = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await host.Sender.ReplyInThreadAsync("reminder:05-2026-0005:J15", channel, thread, "5", Message("Relance J+15")));
        }

        Assert.Equal([true, false, false], results);
        await host.WaitForStateAsync("reminder:05-2026-0005:J15", OutboxState.Sent, Timeout);
        await Task.Delay(500);
        Assert.Single(_connector.Posts);
    }

    [Fact]
    public async Task A_message_claimed_by_a_process_that_died_before_sending_is_posted_once_by_another_instance()
    {
        var prefix = DeliveryHost.NewPrefix();
        OutboxClaim claim;
        await using (var dying = await StartHostAsync(tablePrefix: prefix, withDispatcher: false))
        {
            await dying.Sender.ReplyInThreadAsync("reminder:crash", GapChannel(dying), "19:gap-hyper-centre@thread.tacv2;messageid=6", "6", Message("Relance"));
            // The dying process claimed the message, then vanished without sending it.
            claim = Assert.Single(await dying.Outbox.ClaimDueAsync("dying-instance", 10, TimeSpan.FromSeconds(3), None));
        }

        await using var survivor = await StartHostAsync(tablePrefix: prefix);
        var sent = await survivor.WaitForStateAsync("reminder:crash", OutboxState.Sent, Timeout);

        Assert.Equal(2, sent.Attempts);
        Assert.True(sent.SentAt >= claim.ClaimedUntil, "sent only after the dead instance's claim expired");
        await Task.Delay(500);
        Assert.Single(_connector.Posts);
    }

    [Fact]
    public async Task A_root_card_whose_thread_is_already_attached_is_not_posted_again_after_a_crash()
    {
        var prefix = DeliveryHost.NewPrefix();
        await using (var dying = await StartHostAsync(tablePrefix: prefix, withDispatcher: false))
        {
            var (_, sector) = GapHyperCentre(dying);
            var number = await CreateIssueAsync(dying);
            await dying.Sender.StartThreadAsync($"root:{number}", GapChannel(dying), Message("Nouveau signalement"),
                new ProactiveSendOptions { OnSent = AttachThreadPurpose.For(sector.Id, number) });
            Assert.Single(await dying.Outbox.ClaimDueAsync("dying-instance", 10, TimeSpan.FromSeconds(2), None));
            // It posted and attached the thread, then died before marking the message sent.
            var thread = new ChannelThread($"{sector.ChannelId};messageid=777", "777");
            await dying.Issues.ApplyAsync(sector.Id, number, i => i.AttachThread(thread, "bot", dying.Now), None);
            await using var survivor = await StartHostAsync(tablePrefix: prefix);

            await survivor.WaitForStateAsync($"root:{number}", OutboxState.Sent, Timeout);

            Assert.Empty(_connector.Requests);
            Assert.Equal(thread, (await survivor.Issues.GetAsync(sector.Id, number, None))!.Issue.Thread);
        }
    }

    [Fact]
    public async Task The_dispatcher_survives_the_storage_going_away_and_delivers_when_it_is_back()
    {
        var azuritePort = int.Parse(TableEndpointPort().Match(azurite.ConnectionString).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await using var relay = new TcpRelay(azuritePort);
        var throughRelay = TableEndpointPort().Replace(azurite.ConnectionString, $"127.0.0.1:{relay.Port}/");
        var prefix = DeliveryHost.NewPrefix();
        await using var dispatching = await DeliveryHost.StartAsync(throughRelay, _connector, prefix);
        await using var enqueuing = await StartHostAsync(tablePrefix: prefix, withDispatcher: false);

        relay.Pause();
        await enqueuing.Sender.ReplyInThreadAsync("reminder:storage", GapChannel(enqueuing), "19:gap-hyper-centre@thread.tacv2;messageid=7", "7", Message("Relance"));
        for (var i = 0; i < 200 && relay.Refused < 3; i++)
        {
            await Task.Delay(50);
        }
        Assert.True(relay.Refused >= 3, "the dispatcher kept trying while the storage was away");
        Assert.Empty(_connector.Requests);
        Assert.False(dispatching.Dispatcher!.ExecuteTask!.IsCompleted);

        relay.Resume();
        await enqueuing.WaitForStateAsync("reminder:storage", OutboxState.Sent, Timeout);
        await Task.Delay(500);
        Assert.Single(_connector.Posts);
        Assert.False(dispatching.Dispatcher.ExecuteTask.IsCompleted);
    }

    [Fact]
    public async Task Twenty_messages_to_one_conversation_never_exceed_seven_in_any_second()
    {
        // When each request leaves the bot (what Teams paces), not when the loaded stand-in gets to record it.
        var sent = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        await using var host = await StartHostAsync(configure: services =>
            services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new SendClock(sent))));
        await SaveUserReferenceAsync(host, DemoPeople.Partner, "a:partner-pacing");
        var partner = new UserAddress(Tenant, DemoPeople.Partner);

        for (var i = 0; i < 20; i++)
        {
            await host.Sender.SendToUserAsync($"pacing:{i}", partner, Message($"Message {i}"));
        }
        var posts = await _connector.WaitForPostsAsync(20, Timeout);

        Assert.Equal(20, posts.Count);
        var times = sent.Order().ToList();
        Assert.Equal(20, times.Count);
        var busiest = times.Max(start => times.Count(t => t >= start && t < start + TimeSpan.FromSeconds(1)));
        Assert.InRange(busiest, 1, 7);
        await Task.Delay(300);
        Assert.Equal(20, _connector.Posts.Count);
    }

    /// <summary>Notes when each request to the connector leaves (the bot's clock runs at the system's pace).</summary>
    private sealed class SendClock(System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset> sent) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath.Contains("/activities", StringComparison.Ordinal) == true)
            {
                sent.Enqueue(TimeProvider.System.GetUtcNow());
            }
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task A_user_who_never_installed_the_bot_gets_a_failed_permanent_record_and_no_exception()
    {
        await using var host = await StartHostAsync();

        var added = await host.Sender.SendToUserAsync("ack:05-2026-0009", new UserAddress(Tenant, DemoPeople.Stranger), Message("Votre signalement est enregistré."));

        Assert.True(added);
        var failed = await host.WaitForStateAsync("ack:05-2026-0009", OutboxState.FailedPermanent, Timeout);
        Assert.Equal(ProactiveSender.NotInstalledReason, failed.LastError);
        Assert.Empty(_connector.Requests);
    }

    [GeneratedRegex(@"127\.0\.0\.1:(\d+)/")]
    private static partial Regex TableEndpointPort();
}

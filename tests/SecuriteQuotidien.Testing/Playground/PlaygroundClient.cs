using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace SecuriteQuotidien.Testing.Playground;

/// <summary>A message the playground accepted from the user: where it lives and its id.</summary>
/// <param name="ConversationId">The personal chat id, or for a channel post the thread it opened
/// (<c>{channelId};messageid={MessageId}</c>), which is the conversation.id the bot receives.</param>
public sealed record PostedMessage(string ConversationId, string MessageId);

/// <summary>
/// Drives a running Agents Playground without its web page, as the Teams client of its current
/// user: posts messages, card actions and install events through its HTTP API and reads what the
/// bot sent from its conversation WebSocket. Not thread-safe: one test drives one client.
/// </summary>
/// <remarks>
/// Acting users: messages are always sent as the config's current user (the playground ignores
/// any other <c>from.id</c> for messages); invokes and submits in a channel thread or the group
/// chat may act as any other team member. To chat 1:1 as another person, start the playground with
/// another config file (e.g. <see cref="PlaygroundHost.HautesAlpesReferentConfig"/>).
/// </remarks>
public sealed class PlaygroundClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly ClientWebSocket _socket;
    private readonly Channel<PlaygroundEvent> _events = Channel.CreateUnbounded<PlaygroundEvent>();
    private readonly List<PlaygroundEvent> _skipped = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;

    private PlaygroundClient(HttpClient http, ClientWebSocket socket)
    {
        _http = http;
        _socket = socket;
    }

    public PlaygroundTenant Tenant { get; private set; } = null!;

    /// <summary>
    /// Connects to the playground at <paramref name="baseUrl"/>: the WebSocket first (the playground
    /// buffers frames only while no client is connected), then reads its mock tenant.
    /// </summary>
    public static async Task<PlaygroundClient> ConnectAsync(Uri baseUrl, CancellationToken cancellationToken = default)
    {
        var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var socket = new ClientWebSocket();
        var client = new PlaygroundClient(http, socket);
        try
        {
            var stream = new UriBuilder(new Uri(baseUrl, "_ws_conversation/v1/conversations/stream")) { Scheme = "ws" }.Uri;
            await socket.ConnectAsync(stream, cancellationToken);
            client._receiving = client.ReceiveAsync(client._stop.Token);
            var config = await client.GetJsonAsync("_internal/v1/testConfig", cancellationToken);
            client.Tenant = PlaygroundTenant.Parse(config);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends <paramref name="text"/> in the current user's 1:1 chat with the bot.</summary>
    public Task<PostedMessage> SendPersonalMessageAsync(string text, CancellationToken cancellationToken = default) =>
        SendMessageAsync(Tenant.PersonalChatId, text, mentionBot: false, cancellationToken);

    /// <summary>
    /// Posts <paramref name="text"/> as a new thread in a channel (its id, e.g. the team id for
    /// General), prefixed with an @mention of the bot so that the bot receives it, as in Teams.
    /// </summary>
    public Task<PostedMessage> SendChannelMessageAsync(string channelId, string text, CancellationToken cancellationToken = default) =>
        SendMessageAsync(channelId, text, mentionBot: true, cancellationToken);

    /// <summary>
    /// Sends a message as the current user in any playground conversation (chat, channel or thread).
    /// The bot receives it in the personal chat always, elsewhere only when <paramref name="mentionBot"/>.
    /// </summary>
    public async Task<PostedMessage> SendMessageAsync(string conversationId, string text, bool mentionBot, CancellationToken cancellationToken = default)
    {
        var mention = $"<at>{Tenant.BotName}</at>";
        var body = new JsonObject
        {
            ["from"] = new JsonObject { ["id"] = Tenant.CurrentUser.Id },
            ["text"] = mentionBot ? $"{mention} {text}" : text,
            ["textFormat"] = "plain",
        };
        if (mentionBot)
        {
            body["mentions"] = new JsonArray(new JsonObject
            {
                ["mentioned"] = new JsonObject { ["id"] = Tenant.BotId },
                ["text"] = mention,
            });
        }
        var response = await PostJsonAsync($"_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages", body, cancellationToken);
        var messageId = response.GetProperty("messageId").GetString()!;
        var thread = response.TryGetProperty("postConversationId", out var post) ? post.GetString() : null;
        return new PostedMessage(thread ?? conversationId, messageId);
    }

    /// <summary>
    /// Installs the app in a conversation as the Teams client does: an <c>installationUpdate</c>
    /// (action "add"), then a <c>conversationUpdate</c> with the bot in membersAdded (for a team,
    /// eventType "teamMemberAdded"). Pass the personal chat id, or the team id to install in the team.
    /// The playground answers before it forwards them: await the bot's side separately.
    /// </summary>
    public async Task InstallAppAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        await SendCustomActivityAsync(await GetActivityTemplateAsync(conversationId, "install", cancellationToken), cancellationToken);
        await SendCustomActivityAsync(await GetActivityTemplateAsync(conversationId, "botAdded", cancellationToken), cancellationToken);
    }

    /// <summary>
    /// The playground's ready-made activity of a type ("install", "uninstall", "botAdded",
    /// "botRemoved", "userAdded", "userRemoved", "channelCreated", "channelRenamed",
    /// "channelDeleted", "teamRenamed", "teamDeleted") for a conversation, to adjust and send.
    /// </summary>
    public async Task<JsonObject> GetActivityTemplateAsync(string conversationId, string type, CancellationToken cancellationToken = default)
    {
        var template = await GetJsonAsync(
            $"_internal/v1/customActivities/template?conversationId={Uri.EscapeDataString(conversationId)}&type={Uri.EscapeDataString(type)}",
            cancellationToken);
        return JsonNode.Parse(template.GetRawText())!.AsObject();
    }

    /// <summary>Has the playground post any activity to the bot, unchanged (no null fields, please).</summary>
    public async Task SendCustomActivityAsync(JsonObject activity, CancellationToken cancellationToken = default) =>
        await PostJsonAsync("_internal/v1/customActivities", activity, cancellationToken);

    /// <summary>
    /// Clicks an Action.Execute of a card the bot sent: an <c>adaptiveCard/action</c> invoke with
    /// <c>value {action:{type:"Action.Execute", verb, data}, trigger:"manual"}</c>.
    /// <paramref name="conversationId"/> and <paramref name="messageId"/> name the card's message
    /// (<see cref="PlaygroundEvent.ThreadConversationId"/>, <see cref="PlaygroundEvent.MessageId"/>).
    /// Returns what the playground relays of the bot's invoke response: <c>{type, value}</c>
    /// (it drops statusCode; a non-2xx bot answer becomes an HTTP error here).
    /// </summary>
    public Task<JsonElement> InvokeActionAsync(string conversationId, string messageId, string verb, object? data = null, string? asUserId = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["type"] = "Action.Execute",
                    ["verb"] = verb,
                    ["data"] = JsonSerializer.SerializeToNode(data ?? new { }),
                },
                ["trigger"] = "manual",
            },
            ["from"] = new JsonObject { ["id"] = asUserId ?? Tenant.CurrentUser.Id },
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["replyToId"] = messageId,
        };
        return PostJsonAsync("_conversation/v1/invoke", body, cancellationToken);
    }

    /// <summary>
    /// Clicks an Action.Submit of a card the bot sent: the bot receives a message activity with
    /// <c>value</c> (the action's data merged with the inputs, as the caller gives it) and
    /// <c>replyToId</c> = the card's message id. The playground answers before it forwards it.
    /// </summary>
    public async Task SubmitAsync(string conversationId, string messageId, object value, string? asUserId = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["from"] = new JsonObject { ["id"] = asUserId ?? Tenant.CurrentUser.Id },
            ["replyToId"] = messageId,
            ["value"] = JsonSerializer.SerializeToNode(value),
        };
        await PostJsonAsync("_conversation/v1/submit", body, cancellationToken);
    }

    /// <summary>
    /// Waits for the next <paramref name="count"/> frames the bot caused that match
    /// <paramref name="predicate"/> (default: messages created or updated, not typing), in order.
    /// Frames that do not match are kept for later waits. Throws <see cref="TimeoutException"/>
    /// listing what arrived when <paramref name="timeout"/> (default 15 s) passes first.
    /// </summary>
    public async Task<IReadOnlyList<PlaygroundEvent>> WaitForBotAsync(int count = 1, Func<PlaygroundEvent, bool>? predicate = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        predicate ??= e => e.IsMessage;
        var found = new List<PlaygroundEvent>(count);
        foreach (var skipped in _skipped.Where(predicate).Take(count).ToList())
        {
            _skipped.Remove(skipped);
            found.Add(skipped);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? DefaultWait);
        try
        {
            while (found.Count < count)
            {
                var next = await _events.Reader.ReadAsync(deadline.Token);
                (predicate(next) ? found : _skipped).Add(next);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Expected {count} matching frame(s) from the bot within {timeout ?? DefaultWait}, got {found.Count}. " +
                $"Matching: [{string.Join(", ", found)}]. Other: [{string.Join(", ", _skipped)}].");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"The playground's WebSocket closed after {found.Count} of {count} frame(s).");
        }
        return found;
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var frame = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                frame.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }
                using (var document = JsonDocument.Parse(frame.ToArray()))
                {
                    _events.Writer.TryWrite(new PlaygroundEvent(document.RootElement.Clone()));
                }
                frame.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Closing down, or the playground went away.
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    private async Task<JsonElement> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    private async Task<JsonElement> PostJsonAsync(string path, JsonNode body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    /// <summary>The response's JSON body (undefined when empty), or an exception naming the playground's error.</summary>
    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"The playground answered {(int)response.StatusCode} to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}",
                inner: null,
                response.StatusCode);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        // Close politely first: cancelling a pending receive aborts the socket.
        if (_socket.State == WebSocketState.Open)
        {
            using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", closing.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // The playground may already be gone.
            }
        }
        await _stop.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _http.Dispose();
        _stop.Dispose();
    }
}

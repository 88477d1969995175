using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.IssueCard;

/// <summary>
/// After an issue's root card is posted as a new channel thread, stores the thread on the issue
/// (<see cref="Issue.AttachThread"/>), so that reminders and updates find it. Before a re-send, an
/// issue that already has its thread means the earlier post went through: no second root card, and
/// the "thread posted" timeline event is recorded if the earlier attempt died between the issue
/// update and the event (both are idempotent).
/// </summary>
public sealed partial class AttachThreadPurpose(IIssueRepository issues, IIssueEventRepository events, TimeProvider time,
    ILogger<AttachThreadPurpose> logger) : IOutboxPurposeHandler
{
    public const string PurposeName = "attachThread";

    /// <summary>The actor recorded on the timeline event.</summary>
    public const string Actor = "bot";

    internal sealed record Data(string SectorId, string IssueNumber);

    public string Name => PurposeName;

    /// <summary>The purpose to pass in <see cref="ProactiveSendOptions.OnSent"/> with the root card of an issue.</summary>
    public static OutboxPurpose For(string sectorId, IssueNumber number) =>
        new(PurposeName, JsonSerializer.SerializeToElement(new Data(sectorId, number.ToString()), IssueCardJsonContext.Default.Data));

    public async Task<bool> IsAlreadyDoneAsync(JsonElement data, CancellationToken cancellationToken)
    {
        var (sectorId, number) = Read(data);
        var stored = await issues.GetAsync(sectorId, number, cancellationToken);
        if (stored?.Issue is not { Thread: { } thread } issue)
        {
            return false;
        }
        // The event has a fixed id: appending it again keeps the first one.
        await events.AppendAsync(issue.AttachThread(thread, Actor, time.GetUtcNow()).Event, cancellationToken);
        return true;
    }

    public async Task OnSentAsync(DeliveredMessage delivered, JsonElement data, CancellationToken cancellationToken)
    {
        if (delivered.ActivityId is null)
        {
            LogNoRootId(logger, delivered.IdempotencyKey);
            return;
        }
        var (sectorId, number) = Read(data);
        var thread = new ChannelThread(delivered.ConversationId, delivered.ActivityId);
        try
        {
            var change = await issues.ApplyAsync(sectorId, number, issue => issue.AttachThread(thread, Actor, time.GetUtcNow()), cancellationToken);
            if (change is null)
            {
                LogIssueMissing(logger, number.ToString());
            }
        }
        catch (IssueRuleException)
        {
            // The issue already has another thread: an earlier post went through unseen. Keep the first.
            LogOtherThread(logger, number.ToString());
        }
    }

    private static (string SectorId, IssueNumber Number) Read(JsonElement data)
    {
        var value = data.Deserialize(IssueCardJsonContext.Default.Data)
            ?? throw new InvalidOperationException("attachThread purpose without data.");
        return (value.SectorId, IssueNumber.Parse(value.IssueNumber));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {OutboxKey} created a thread without a root activity id; nothing attached")]
    private static partial void LogNoRootId(ILogger logger, string outboxKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Issue {IssueNumber} not found: its thread was not attached")]
    private static partial void LogIssueMissing(ILogger logger, string issueNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Issue {IssueNumber} already has another thread: the new post is a duplicate root card")]
    private static partial void LogOtherThread(ILogger logger, string issueNumber);
}

/// <summary>
/// Source-generated JSON of the purpose's data, stored in outbox rows: camelCase, as the delivery envelope
/// (<c>{"sectorId":…,"issueNumber":…}</c>).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(AttachThreadPurpose.Data))]
internal sealed partial class IssueCardJsonContext : JsonSerializerContext;

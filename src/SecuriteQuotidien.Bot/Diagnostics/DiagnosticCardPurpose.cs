using System.Text.Json;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Diagnostics;

/// <summary>
/// After a diagnostic card is posted in its sector channel, records where (<see cref="IDiagnosticCardStore"/>)
/// and brings it up to date: changes made before the post landed (the thread is created asynchronously) are
/// shown. A diagnostic whose location is already known was posted: no second card.
/// </summary>
public sealed partial class DiagnosticCardPurpose(IDiagnosticCardStore cards, IDiagnosticRepository diagnostics, DiagnosticService service,
    ILogger<DiagnosticCardPurpose> logger) : IOutboxPurposeHandler
{
    public const string PurposeName = "diagnosticCard";

    public string Name => PurposeName;

    public static OutboxPurpose For(string sectorId, DiagnosticNumber number) =>
        new(PurposeName, JsonSerializer.SerializeToElement(new JsonObject { ["sectorId"] = sectorId, ["number"] = number.ToString() }));

    public async Task<bool> IsAlreadyDoneAsync(JsonElement data, CancellationToken cancellationToken)
    {
        var (sectorId, number) = Read(data);
        return await cards.GetAsync(sectorId, number, cancellationToken) is not null;
    }

    public async Task OnSentAsync(DeliveredMessage delivered, JsonElement data, CancellationToken cancellationToken)
    {
        if (delivered.ActivityId is null)
        {
            LogNoActivityId(logger, delivered.IdempotencyKey);
            return;
        }
        var (sectorId, number) = Read(data);
        await cards.TryAddAsync(sectorId, number, new ChannelThread(delivered.ConversationId, delivered.ActivityId), cancellationToken);
        if (await diagnostics.GetAsync(sectorId, number, cancellationToken) is { } stored && stored.Diagnostic.Version > 1)
        {
            await service.PublishAsync(stored.Diagnostic, cancellationToken);
        }
    }

    private static (string SectorId, DiagnosticNumber Number) Read(JsonElement data) =>
        (data.GetProperty("sectorId").GetString()!, DiagnosticNumber.Parse(data.GetProperty("number").GetString()!));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {OutboxKey} posted a diagnostic card without an activity id; it cannot be updated in place")]
    private static partial void LogNoActivityId(ILogger logger, string outboxKey);
}

namespace SecuriteQuotidien.BotFramework.Connector;

/// <summary>Bearer tokens for the Bot Framework connector.</summary>
public interface IConnectorTokenProvider
{
    /// <summary>An access token for scope <c>https://api.botframework.com/.default</c>; null when the bot has no app id.</summary>
    ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken);
}

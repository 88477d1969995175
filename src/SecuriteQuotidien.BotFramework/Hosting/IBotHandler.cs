using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.BotFramework.Hosting;

/// <summary>The application side of the protocol: what the bot does with an authenticated activity.</summary>
public interface IBotHandler
{
    /// <summary>
    /// Message, conversationUpdate, installationUpdate... Called in the background after the
    /// request was acknowledged, so it may take its time (Teams' 15 s do not apply).
    /// </summary>
    Task OnActivityAsync(TurnContext turn, CancellationToken cancellationToken);

    /// <summary>An invoke: its answer is the HTTP response, so it must be fast (≲ 5 s).</summary>
    Task<InvokeResponseBody> OnInvokeAsync(TurnContext turn, CancellationToken cancellationToken);

    /// <summary>
    /// A request from a tenant that is not served: nothing may be stored; the bot may answer politely.
    /// Returns the text to send back (null: say nothing).
    /// </summary>
    string? RefusedTenantMessage(Activity activity);
}

// Baseline for the protocol bench: the least a C# bot can do per message. It parses the activity with
// System.Text.Json (source generated), acknowledges with 202 and posts one reply to the activity's
// serviceUrl from background lanes, exactly like the product's pipeline but with no authentication
// step, no de-duplication store, no conversation reference, no routing and a plain-text reply.
// That makes it the ceiling any C# protocol layer can reach on this machine.
using System.Text.Json;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BareJson.Default));
builder.Services.AddHttpClient<ConnectorReplies>();
builder.Services.AddSingleton<ReplyLanes>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplyLanes>());

var app = builder.Build();
app.MapPost("/api/messages", async (HttpRequest request, ReplyLanes lanes, CancellationToken cancellationToken) =>
{
    var activity = await JsonSerializer.DeserializeAsync(request.Body, BareJson.Default.InboundActivity, cancellationToken);
    if (activity is not { Type: "message", ServiceUrl: not null, Conversation.Id: not null })
    {
        return Results.BadRequest();
    }
    return lanes.TryEnqueue(activity) ? Results.StatusCode(StatusCodes.Status202Accepted) : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
});
app.Run();

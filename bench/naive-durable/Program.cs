// Baseline for the protocol bench: what a naive durable bot costs. Like bare-minimal-api (source-generated
// System.Text.Json, background lanes keyed by conversation, one plain-text reply), but before its 202 it writes
// each activity to Azure Table Storage with one insert of its own (partition = conversation, row = activity id,
// the raw body as a property): the activity is durable, and a redelivery (the insert's 409) is not answered
// twice. No group commit, no authentication step, no routing. Connection string in ConnectionStrings__Tables.
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BareJson.Default));
builder.Services.AddHttpClient<ConnectorReplies>();
builder.Services.AddSingleton<ReplyLanes>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplyLanes>());
builder.Services.AddSingleton(_ =>
{
    var table = new TableClient(builder.Configuration.GetConnectionString("Tables"), "naiveActivities");
    table.CreateIfNotExists();
    return table;
});

var app = builder.Build();
app.Services.GetRequiredService<TableClient>();
app.MapPost("/api/messages", async (HttpRequest request, TableClient table, ReplyLanes lanes, CancellationToken cancellationToken) =>
{
    using var buffer = new MemoryStream();
    await request.Body.CopyToAsync(buffer, cancellationToken);
    var body = buffer.ToArray();
    var activity = JsonSerializer.Deserialize(body, BareJson.Default.InboundActivity);
    if (activity is not { Type: "message", ServiceUrl: not null, Conversation.Id: not null, Id: not null })
    {
        return Results.BadRequest();
    }
    try
    {
        await table.AddEntityAsync(new TableEntity(Key(activity.Conversation.Id), Key(activity.Id)) { ["Body"] = Encoding.UTF8.GetString(body) }, cancellationToken);
    }
    catch (RequestFailedException ex) when (ex.Status == 409)
    {
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }
    return lanes.TryEnqueue(activity) ? Results.StatusCode(StatusCodes.Status202Accepted) : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
});
app.Run();

// Table keys may not hold / \ # ? or control characters.
static string Key(string value) => string.Create(value.Length, value, (span, source) =>
{
    for (var i = 0; i < source.Length; i++)
    {
        span[i] = source[i] is '/' or '\\' or '#' or '?' || char.IsControl(source[i]) ? '_' : source[i];
    }
});

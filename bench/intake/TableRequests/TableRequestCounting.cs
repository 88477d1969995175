using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

[assembly: HostingStartup(typeof(SecuriteQuotidien.Bench.TableRequests.TableRequestCounting))]

namespace SecuriteQuotidien.Bench.TableRequests;

/// <summary>
/// Registers, before the bot's own registrations (which only add theirs when none exists), a table client
/// whose pipeline counts every request, and the endpoint that reports the counts.
/// </summary>
public sealed class TableRequestCounting : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) =>
        builder.ConfigureServices((context, services) =>
        {
            var counter = new RequestCounter();
            var options = new TableClientOptions();
            options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
            var connection = context.Configuration.GetConnectionString("Tables")
                ?? throw new InvalidOperationException("The bench counter needs ConnectionStrings:Tables.");
            services.AddSingleton(new TableServiceClient(connection, options));
            services.AddSingleton<IStartupFilter>(new CountingStartupFilter(counter));
        });
}

/// <summary>
/// Counts table HTTP requests (retries included): all of them, and per answered request to the bot (those made
/// in its flow), so that a timed-out or aborted request does not skew the average.
/// </summary>
internal sealed class RequestCounter : HttpPipelinePolicy
{
    private static readonly AsyncLocal<StrongBox<long>?> CurrentBotRequest = new();
    private long _total;
    private long _inAnsweredRequests;
    private long _answeredRequests;

    public static StrongBox<long> StartBotRequest() => CurrentBotRequest.Value = new StrongBox<long>();

    public void Answered(StrongBox<long> request)
    {
        Interlocked.Add(ref _inAnsweredRequests, Interlocked.Read(ref request.Value));
        Interlocked.Increment(ref _answeredRequests);
    }

    public object Snapshot() => new
    {
        total = Interlocked.Read(ref _total),
        inAnsweredRequests = Interlocked.Read(ref _inAnsweredRequests),
        answeredRequests = Interlocked.Read(ref _answeredRequests),
    };

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count();
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count();
        return ProcessNextAsync(message, pipeline);
    }

    private void Count()
    {
        Interlocked.Increment(ref _total);
        if (CurrentBotRequest.Value is { } request)
        {
            Interlocked.Increment(ref request.Value);
        }
    }
}

internal sealed class CountingStartupFilter(RequestCounter counter) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Path == "/_bench/table-requests")
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(counter.Snapshot()));
                return;
            }
            var request = RequestCounter.StartBotRequest();
            await nextMiddleware(context);
            if (context.Request.Path == "/api/messages" && context.Response.StatusCode == 200 && !context.RequestAborted.IsCancellationRequested)
            {
                counter.Answered(request);
            }
        });
        next(app);
    };
}

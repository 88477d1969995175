using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage;
using SecuriteQuotidien.Storage.Coordination;
using SecuriteQuotidien.Storage.Issues;
using SecuriteQuotidien.Storage.Status;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Storage.State;
using SecuriteQuotidien.Storage.Tables;

namespace Microsoft.Extensions.DependencyInjection;

public static partial class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Table Storage state: repositories, outbox, leases, conversation references and
    /// processed activity ids, plus a hosted initializer that creates the tables at start.
    /// Connection: <c>Storage:TableServiceUri</c> with managed identity (production), else
    /// <c>ConnectionStrings:Tables</c>, else the local Azurite. Needs <see cref="Domain.Departments.IDirectory"/>
    /// (<c>AddDepartmentDirectory</c>) for issue creation.
    /// </summary>
    public static IServiceCollection AddTableStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.TablePrefix), "Storage:TablePrefix is required.")
            .Validate(o => o.ProcessedActivityRetention > TimeSpan.Zero, "Storage:ProcessedActivityRetention must be positive.")
            .Validate(o => o.IssueNumberBlockSize is >= 1 and <= 1000, "Storage:IssueNumberBlockSize must be between 1 and 1000.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = new TableClientOptions();
            if (options.TableServiceUri is not null)
            {
                var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
                {
                    ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
                });
                return new TableServiceClient(options.TableServiceUri, credential, clientOptions);
            }
            var connectionString = configuration.GetConnectionString(StorageOptions.ConnectionStringName);
            if (provider.GetService<IHostEnvironment>()?.IsProduction() == true
                && (connectionString is null || connectionString.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException(
                    "In production, set Storage:TableServiceUri (managed identity); account keys are not allowed.");
            }
            return new TableServiceClient(connectionString ?? StorageOptions.DevelopmentConnectionString, clientOptions);
        });
        services.TryAddSingleton(provider => new StorageTables(
            provider.GetRequiredService<TableServiceClient>(),
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.TablePrefix));

        services.TryAddSingleton<IssueNumberAllocator>();
        services.TryAddSingleton<IIssueNumberAllocator>(provider => provider.GetRequiredService<IssueNumberAllocator>());
        services.TryAddSingleton<IIssueEventRepository, IssueEventRepository>();
        services.TryAddSingleton<IssueRepository>();
        services.TryAddSingleton<IIssueRepository>(provider => provider.GetRequiredService<IssueRepository>());
        services.TryAddSingleton<IIssueIntakeStore>(provider => provider.GetRequiredService<IssueRepository>());
        services.TryAddSingleton<IIssueSummaries>(provider => provider.GetRequiredService<IssueRepository>());
        services.TryAddSingleton<IIssueWorklist>(provider => provider.GetRequiredService<IssueRepository>());
        services.TryAddSingleton<IIssueReminderLog>(provider => provider.GetRequiredService<IssueRepository>());
        services.TryAddSingleton<StatusTotalsStore>();
        services.TryAddSingleton<StatusTallyProjector>();
        services.TryAddSingleton<IDueDayIndex, DueDayIndex>();
        services.TryAddSingleton<IConversationReferenceStore, ConversationReferenceStore>();
        services.TryAddSingleton<IProcessedActivityStore, ProcessedActivityStore>();
        services.TryAddSingleton<ILeaseStore, LeaseStore>();
        services.TryAddSingleton<IOutbox, TableOutbox>();
        services.AddHostedService<TableInitializer>();
        return services;
    }

    // Creates the tables before the app serves requests, so no request pays for it and a wrong
    // connection fails the start.
    private sealed partial class TableInitializer(StorageTables tables, ILogger<TableInitializer> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await tables.CreateAllAsync(cancellationToken);
            LogReady(logger, tables.Prefix, tables.Service.AccountName);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "Tables ready (prefix {TablePrefix}, account {AccountName})")]
        private static partial void LogReady(ILogger logger, string tablePrefix, string accountName);
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlashSale.Runtime.Storage.Postgres;

/// <summary>Runs the migration when the host starts, so a silo comes up with its schema in place.
/// A database that is down at start does not stop the silo: storage calls retry the migration and
/// fail as unavailable meanwhile.</summary>
internal sealed class PostgresMigrationService(PostgresDatabase database, ILogger<PostgresMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await database.EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StorageUnavailableException exception)
        {
            PostgresLog.MigrationAtStartFailed(logger, exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using FlashSale.Storage.Domain;
using Npgsql;

namespace FlashSale.Storage.Postgres;

/// <summary>One PostgreSQL database shared by the grain-state and reminder providers: a pooled
/// <see cref="NpgsqlDataSource"/> plus the schema migration, run once before the first use (and
/// retried on the next use when the database was down).</summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task? _migration;

    public PostgresDatabase(string connectionString, ILogger<PostgresDatabase>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        DataSource = NpgsqlDataSource.Create(connectionString);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    internal NpgsqlDataSource DataSource { get; }

    /// <summary>Applies pending migrations (once per process; a failed attempt is retried by the next call).</summary>
    /// <exception cref="StorageUnavailableException">The database cannot be reached.</exception>
    public Task EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        // Every storage call passes here: once migrated, no lock.
        var migration = Volatile.Read(ref _migration);
        if (migration is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (_migration is null || _migration.IsFaulted || _migration.IsCanceled)
            {
                _migration = PostgresMigrator.MigrateAsync(DataSource, _logger, CancellationToken.None);
            }

            migration = _migration;
        }

        return migration.IsCompletedSuccessfully ? Task.CompletedTask : migration.WaitAsync(cancellationToken);
    }

    /// <summary>Opens a pooled connection to a migrated database.</summary>
    internal async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException exception) when (PostgresErrors.IsUnavailable(exception))
        {
            throw PostgresErrors.Unavailable(exception);
        }
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}

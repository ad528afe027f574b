using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using FlashSale.Storage.Domain;
using Npgsql;

namespace FlashSale.Storage.Postgres;

/// <summary>Applies the versioned schema scripts — our domain tables (0001–0004, 0009 anti-abuse) and Orleans'
/// ADO.NET schema for PostgreSQL (0005–0008) — (embedded <c>Migrations/NNNN_name.sql</c>) that
/// are not yet recorded in <c>schema_migrations</c>. Idempotent; safe when several silos start at
/// once: each file runs in its own transaction under a transaction-scoped advisory lock.</summary>
public static class PostgresMigrator
{
    // Arbitrary but fixed: every FlashSale process takes the same lock.
    private const long AdvisoryLockKey = 0x466C_6173_6853_616C;
    private const string ResourcePrefix = "FlashSale.Storage.Postgres.Migrations.";

    /// <summary>The migration versions (file names without .sql), in the order they apply.</summary>
    public static IReadOnlyList<string> Versions { get; } = [.. LoadScripts().Select(s => s.Version)];

    /// <summary>Brings the database at <paramref name="connectionString"/> up to date; returns the
    /// versions this call applied (empty when it already was).</summary>
    /// <exception cref="StorageUnavailableException">The database cannot be reached.</exception>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return await MigrateAsync(dataSource, NullLogger.Instance, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<IReadOnlyList<string>> MigrateAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        var applied = new List<string>();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (version, sql) in LoadScripts())
            {
                if (await ApplyAsync(connection, version, sql, cancellationToken).ConfigureAwait(false))
                {
                    PostgresLog.MigrationApplied(logger, version);
                    applied.Add(version);
                }
            }
        }
        catch (NpgsqlException exception) when (PostgresErrors.IsUnavailable(exception))
        {
            throw PostgresErrors.Unavailable(exception);
        }

        PostgresLog.SchemaUpToDate(logger, Versions.Count);
        return applied;
    }

    private static async Task<bool> ApplyAsync(NpgsqlConnection connection, string version, string sql, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The lock serializes migrators; creating schema_migrations under it avoids the duplicate
        // catalog row that two concurrent CREATE TABLE IF NOT EXISTS can hit.
        await using (var prepare = new NpgsqlCommand(
            """
            SELECT pg_advisory_xact_lock(@lock);
            CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
            """,
            connection,
            transaction))
        {
            prepare.Parameters.AddWithValue("lock", AdvisoryLockKey);
            await prepare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var check = new NpgsqlCommand("SELECT 1 FROM schema_migrations WHERE version = @version", connection, transaction))
        {
            check.Parameters.AddWithValue("version", version);
            if (await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        await using (var script = new NpgsqlCommand(sql, connection, transaction))
        {
            await script.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version) VALUES (@version)", connection, transaction))
        {
            record.Parameters.AddWithValue("version", version);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static List<(string Version, string Sql)> LoadScripts()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => (name[ResourcePrefix.Length..^".sql".Length], Read(assembly, name)))];
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"missing embedded migration {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

using FlashSale.Runtime.Storage.Postgres;
using FlashSale.Testing;
using FlashSale.Testing.Servers;
using Npgsql;

namespace FlashSale.Runtime.Tests.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMigratorTests(PostgresServerFixture postgres)
{
    private static async Task<List<string>> RecordedVersions(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM schema_migrations ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<string>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetString(0));
        }

        return versions;
    }

    private static async Task<long> CountTables(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('grain_state', 'reminders', 'orders', 'wallet_ledger')",
            connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public void Versions_AreOrderedAndIncludeTheAuditTables()
    {
        Assert.Equal(["0001_grain_state", "0002_reminders", "0003_orders_wallet_ledger", "0004_order_idempotency_key"], PostgresMigrator.Versions);
    }

    [Fact]
    public async Task Migrate_Twice_AppliesEachVersionOnce()
    {
        var connectionString = postgres.Server.CreateUniqueDatabase();

        var first = await PostgresMigrator.MigrateAsync(connectionString).WithTimeout();
        var second = await PostgresMigrator.MigrateAsync(connectionString).WithTimeout();

        Assert.Equal(PostgresMigrator.Versions, first);
        Assert.Empty(second);
        Assert.Equal(PostgresMigrator.Versions, await RecordedVersions(connectionString).WithTimeout());
        Assert.Equal(4, await CountTables(connectionString).WithTimeout());
    }

    [Fact]
    public async Task Migrate_ConcurrentlyFromTwoTasks_AppliesEachVersionExactlyOnce()
    {
        var connectionString = postgres.Server.CreateUniqueDatabase();

        var runs = await Task.WhenAll(
            Task.Run(() => PostgresMigrator.MigrateAsync(connectionString)),
            Task.Run(() => PostgresMigrator.MigrateAsync(connectionString))).WithTimeout();

        Assert.Equal(PostgresMigrator.Versions, runs.SelectMany(applied => applied).Order(StringComparer.Ordinal));
        Assert.Equal(PostgresMigrator.Versions, await RecordedVersions(connectionString).WithTimeout());
    }

    [Fact]
    public async Task Migrate_WhenServerRefusesConnections_ThrowsStorageUnavailable()
    {
        var refused = $"Host=127.0.0.1;Port={FreePort()};Username=postgres;Database=none;Timeout=5";

        await Assert.ThrowsAsync<StorageUnavailableException>(() => PostgresMigrator.MigrateAsync(refused).WithTimeout());
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

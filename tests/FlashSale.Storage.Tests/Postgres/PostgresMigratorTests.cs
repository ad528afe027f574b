using FlashSale.Storage.Domain;
using FlashSale.Storage.Postgres;
using FlashSale.Testing;
using FlashSale.Testing.Servers;
using Npgsql;

namespace FlashSale.Storage.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMigratorTests(PostgresServerFixture postgres)
{
    // Every query key the Orleans 10.4.2 ADO.NET providers (persistence, reminders, clustering) read.
    private static readonly string[] OrleansQueryKeys =
    [
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "MembershipReadRowKey", "MembershipReadAllKey",
        "DeleteMembershipTableEntriesKey", "GatewaysQueryKey", "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
    ];

    private static async Task<List<string>> QueryStrings(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    [Fact]
    public void Versions_KeepTheOldOnesAndAddOrleansSchemaAfterThem()
    {
        Assert.Equal(
            ["0001_grain_state", "0002_reminders", "0003_orders_wallet_ledger", "0004_order_idempotency_key", "0005_orleans_main", "0006_orleans_persistence", "0007_orleans_reminders", "0008_orleans_clustering", "0009_abuse"],
            PostgresMigrator.Versions);
    }

    [Fact]
    public async Task Migrate_Twice_AppliesEachVersionOnce_AndStoresEveryOrleansQuery()
    {
        var connectionString = postgres.Server.CreateUniqueDatabase();

        var first = await PostgresMigrator.MigrateAsync(connectionString).WithTimeout();
        var second = await PostgresMigrator.MigrateAsync(connectionString).WithTimeout();

        Assert.Equal(PostgresMigrator.Versions, first);
        Assert.Empty(second);
        Assert.Equal(PostgresMigrator.Versions, await QueryStrings(connectionString, "SELECT version FROM schema_migrations ORDER BY version").WithTimeout());
        Assert.Equal(OrleansQueryKeys.Order(StringComparer.Ordinal), await QueryStrings(connectionString, "SELECT querykey FROM orleansquery ORDER BY querykey COLLATE \"C\"").WithTimeout());
    }

    [Fact]
    public async Task Migrate_ADatabaseAtVersion0004_AddsOnlyTheOrleansSchemaAndKeepsItsRows()
    {
        var connectionString = postgres.Server.CreateUniqueDatabase();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            // As the engine before Orleans left a database: its four migrations and a state row.
            await connection.OpenAsync();
            foreach (var version in PostgresMigrator.Versions.Take(4))
            {
                var sql = await ReadScriptAsync(version);
                await using var apply = new NpgsqlCommand(sql, connection);
                await apply.ExecuteNonQueryAsync();
            }

            await using var record = new NpgsqlCommand(
                "CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());" +
                "INSERT INTO schema_migrations (version) VALUES ('0001_grain_state'), ('0002_reminders'), ('0003_orders_wallet_ledger'), ('0004_order_idempotency_key');" +
                "INSERT INTO grain_state (grain_type, grain_key, version, data) VALUES ('drop', 'old', 7, '\\x0a01'::bytea);",
                connection);
            await record.ExecuteNonQueryAsync();
        }

        var applied = await PostgresMigrator.MigrateAsync(connectionString).WithTimeout();
        using var database = new PostgresDatabase(connectionString);
        var old = await new PostgresDropStore(database).ReadStateAsync("old", default).WithTimeout();

        Assert.Equal(PostgresMigrator.Versions.Skip(4), applied);
        Assert.Equal("7", old!.Etag);
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

    private static async Task<string> ReadScriptAsync(string version)
    {
        await using var stream = typeof(PostgresMigrator).Assembly.GetManifestResourceStream($"FlashSale.Storage.Postgres.Migrations.{version}.sql")!;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}

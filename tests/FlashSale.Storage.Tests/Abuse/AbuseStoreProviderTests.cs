using FlashSale.Storage.Domain;
using FlashSale.Storage.Memory;
using FlashSale.Storage.Postgres;
using FlashSale.Storage.Sqlite;
using FlashSale.Storage.Tests.Postgres;
using FlashSale.Storage.Tests.Support;
using FlashSale.Testing;
using FlashSale.Testing.Servers;

namespace FlashSale.Storage.Tests.Abuse;

public sealed class SqliteAbuseStoreConformanceTests : AbuseStoreConformanceTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    public SqliteAbuseStoreConformanceTests() => Store = new SqliteAbuseStore(new SqliteDatabase(_dir.File("abuse.db")));

    protected override IAbuseStore Store { get; }

    [Fact]
    public async Task Blocklist_InANewStoreOnTheSameFile_IsStillThere()
    {
        // Arrange
        await Store.SetBlockAsync(BlockRow.UserKind, "carol", true, "kept", DateTimeOffset.UnixEpoch, default).WithTimeout();

        // Act
        var reopened = new SqliteAbuseStore(new SqliteDatabase(_dir.File("abuse.db")));

        // Assert
        var rows = await reopened.ReadBlocksSinceAsync(0, default).WithTimeout();
        Assert.Equal([("carol", true, "kept")], rows.Select(r => (r.Value, r.Active, r.Reason)));
    }

    public void Dispose() => _dir.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAbuseStoreConformanceTests : AbuseStoreConformanceTests, IDisposable
{
    private readonly PostgresDatabase _database;

    public PostgresAbuseStoreConformanceTests(PostgresServerFixture postgres)
    {
        _database = new PostgresDatabase(postgres.Server.CreateUniqueDatabase());
        Store = new PostgresAbuseStore(_database);
    }

    protected override IAbuseStore Store { get; }

    [Fact]
    public async Task SetBlock_ConcurrentWriters_GetDistinctVersions()
    {
        // Act: 20 blocks at once; the advisory lock serializes them.
        var changes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Store.SetBlockAsync(BlockRow.UserKind, "user-" + i, true, string.Empty, DateTimeOffset.UnixEpoch, default))).WithTimeout();

        // Assert
        Assert.Equal(Enumerable.Range(1, 20).Select(v => (long)v), changes.Select(c => c.Row.Version).Order());
    }

    public void Dispose() => _database.Dispose();
}

public sealed class MemoryAbuseStoreConformanceTests : AbuseStoreConformanceTests
{
    protected override IAbuseStore Store { get; } = new InMemoryAbuseStore();
}

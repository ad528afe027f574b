using FlashSale.Storage.Domain;
using FlashSale.Storage.Memory;
using FlashSale.Storage.Postgres;
using FlashSale.Storage.Sqlite;
using FlashSale.Storage.Tests.Postgres;
using FlashSale.Storage.Tests.Support;
using FlashSale.Testing.Servers;

namespace FlashSale.Storage.Tests.Domain;

public sealed class SqliteDomainStoreConformanceTests : DomainStoreConformanceTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    public SqliteDomainStoreConformanceTests()
    {
        var database = new SqliteDatabase(_dir.File("domain.db"));
        Drops = new SqliteDropStore(database);
        Wallets = new SqliteWalletStore(database);
    }

    protected override IDropStore Drops { get; }

    protected override IWalletStore Wallets { get; }

    public void Dispose() => _dir.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresDomainStoreConformanceTests : DomainStoreConformanceTests, IDisposable
{
    private readonly PostgresDatabase _database;

    public PostgresDomainStoreConformanceTests(PostgresServerFixture postgres)
    {
        _database = new PostgresDatabase(postgres.Server.CreateUniqueDatabase());
        Drops = new PostgresDropStore(_database);
        Wallets = new PostgresWalletStore(_database);
    }

    protected override IDropStore Drops { get; }

    protected override IWalletStore Wallets { get; }

    public void Dispose() => _database.Dispose();
}

public sealed class MemoryDomainStoreConformanceTests : DomainStoreConformanceTests
{
    protected override IDropStore Drops { get; } = new InMemoryDropStore();

    protected override IWalletStore Wallets { get; } = new InMemoryWalletStore();
}

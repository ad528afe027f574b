using FlashSale.Storage.Hosting;
using FlashSale.Storage.Memory;
using FlashSale.Storage.Resilience;
using FlashSale.Storage.Sqlite;
using FlashSale.Storage.Tests.Postgres;
using FlashSale.Storage.Tests.Support;
using FlashSale.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace FlashSale.Storage.Tests.GrainStorage;

/// <summary>Our SQLite provider over grain_state, as the silo registers it (behind the resilience decorator).</summary>
public sealed class SqliteGrainStorageConformanceTests : GrainStorageConformanceTests, IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private TestSilo? _silo;

    protected override IGrainStorage Storage => _silo!.Services.GetRequiredKeyedService<IGrainStorage>(FlashSaleStorage.ProviderName);

    public async Task InitializeAsync() =>
        _silo = await TestSilo.StartAsync(new FlashSaleStorageOptions { Kind = FlashSaleStorageOptions.SqliteKind, SqlitePath = _dir.File("data/flashsale.db") });

    public async Task DisposeAsync()
    {
        await _silo!.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public void Silo_RegistersTheResilientSqliteProviderAsFlashSaleAndAsDefault()
    {
        var named = Assert.IsType<ResilientGrainStorage>(Storage);

        Assert.IsType<SqliteGrainStorage>(named.Inner);
        Assert.Same(named, _silo!.Services.GetRequiredService<IGrainStorage>());
        Assert.True(File.Exists(_dir.File("data/flashsale.db")));
    }
}

/// <summary>Orleans' ADO.NET provider on a migrated PostgreSQL, with our protobuf serializer and
/// resilience decorator, as the silo registers it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageConformanceTests(PostgresServerFixture postgres) : GrainStorageConformanceTests, IAsyncLifetime
{
    private TestSilo? _silo;

    protected override IGrainStorage Storage => _silo!.Services.GetRequiredKeyedService<IGrainStorage>(FlashSaleStorage.ProviderName);

    public async Task InitializeAsync() =>
        _silo = await TestSilo.StartAsync(new FlashSaleStorageOptions { Kind = FlashSaleStorageOptions.PostgresKind, PostgresConnectionString = postgres.Server.CreateUniqueDatabase() });

    public async Task DisposeAsync() => await _silo!.DisposeAsync();

    [Fact]
    public void Silo_RegistersOrleansAdoNetStorageBehindTheResilienceDecorator()
    {
        var named = Assert.IsType<ResilientGrainStorage>(Storage);

        Assert.IsType<AdoNetGrainStorage>(named.Inner);
    }
}

/// <summary>Our in-memory provider.</summary>
public sealed class MemoryGrainStorageConformanceTests : GrainStorageConformanceTests
{
    protected override IGrainStorage Storage { get; } = new InMemoryGrainStorage();
}

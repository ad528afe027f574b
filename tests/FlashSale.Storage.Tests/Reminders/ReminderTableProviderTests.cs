using FlashSale.Storage.Hosting;
using FlashSale.Storage.Sqlite;
using FlashSale.Storage.Tests.Postgres;
using FlashSale.Storage.Tests.Support;
using FlashSale.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace FlashSale.Storage.Tests.Reminders;

/// <summary>Our SQLite table, as the silo registers it.</summary>
public sealed class SqliteReminderTableConformanceTests : ReminderTableConformanceTests, IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private TestSilo? _silo;

    protected override IReminderTable Table => _silo!.Services.GetRequiredService<IReminderTable>();

    public async Task InitializeAsync() =>
        _silo = await TestSilo.StartAsync(new FlashSaleStorageOptions { SqlitePath = _dir.File("flashsale.db") });

    public async Task DisposeAsync()
    {
        await _silo!.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public void Silo_UsesTheSqliteReminderTable()
    {
        Assert.IsType<SqliteReminderTable>(Table);
    }
}

/// <summary>Orleans' ADO.NET reminder table on a PostgreSQL migrated by us, as the silo registers it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReminderTableConformanceTests(PostgresServerFixture postgres) : ReminderTableConformanceTests, IAsyncLifetime
{
    private TestSilo? _silo;

    protected override IReminderTable Table => _silo!.Services.GetRequiredService<IReminderTable>();

    public async Task InitializeAsync() =>
        _silo = await TestSilo.StartAsync(new FlashSaleStorageOptions { Kind = FlashSaleStorageOptions.PostgresKind, PostgresConnectionString = postgres.Server.CreateUniqueDatabase() });

    public async Task DisposeAsync() => await _silo!.DisposeAsync();
}

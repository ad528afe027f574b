using FlashSale.Runtime.Hosting;
using FlashSale.Runtime.Storage.Postgres;
using FlashSale.Runtime.Tests.Storage.StagedRows;
using FlashSale.Runtime.Tests.TestGrains;
using FlashSale.Testing;
using FlashSale.Testing.Servers;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Runtime.Tests.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresPersistenceTests(PostgresServerFixture postgres)
{
    private static Task<GrainRuntimeHost> StartCounters(string connectionString, Probe probe) =>
        GrainRuntimeHost.StartAsync(services => services
            .AddSingleton(probe)
            .AddGrainRuntime()
            .AddGrain<ICounterGrain, CounterGrain>("counter", static (invoker, id) => new CounterGrainReference(invoker, id), CounterGrainMethods.All)
            .UsePostgresStorage(connectionString));

    [Fact]
    public async Task State_OnPostgres_SurvivesARuntimeRestart()
    {
        var connectionString = postgres.Server.CreateUniqueDatabase();
        await using (var first = await StartCounters(connectionString, new Probe()))
        {
            await first.Counter("kept").Add(new Int32Value { Value = 41 }).WithTimeout();
            await first.Counter("kept").Add(new Int32Value { Value = 1 }).WithTimeout();
        }

        await using var second = await StartCounters(connectionString, new Probe());
        var value = await second.Counter("kept").Get(new Empty()).WithTimeout();

        Assert.Equal(42, value.Value);
    }

    [Fact]
    public async Task StaleActivation_OnPostgres_GetsConflictAndDeactivates()
    {
        var connectionString = postgres.Server.CreateUniqueDatabase();
        var staleProbe = new Probe();
        await using var stale = await StartCounters(connectionString, staleProbe);
        await using var fresh = await StartCounters(connectionString, new Probe());
        await stale.Counter("contested").Add(new Int32Value { Value = 1 }).WithTimeout();
        await fresh.Counter("contested").Add(new Int32Value { Value = 10 }).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(() => stale.Counter("contested").Add(new Int32Value { Value = 100 }).WithTimeout());
        var reread = await stale.Counter("contested").Get(new Empty()).WithTimeout();

        Assert.Equal(11, reread.Value);
        Assert.Equal([DeactivationReason.InconsistentState], staleProbe.DeactivationReasons);
    }

    [Fact]
    public async Task StagedRows_OnPostgres_AreWrittenWithTheStateAndQueryable()
    {
        var connectionString = postgres.Server.CreateUniqueDatabase();
        await using var host = await StagedRowGrainTests.StartAsync(b => b.UsePostgresStorage(connectionString));
        var wallet = host.GrainFactory.GetGrain<ILedgerGrain>("carol");

        await wallet.Credit(new StringValue { Value = "e1:70" }).WithTimeout();
        await wallet.Credit(new StringValue { Value = "e2:30" }).WithTimeout();
        var ledger = await StagedRowGrainTests.LedgerOf(host, "carol");

        Assert.Equal([70L, 100L], ledger.Select(r => (long)r["balance_after"]!));
    }

    [Fact]
    public async Task Read_WhenServerRefusesConnections_ThrowsStorageUnavailable()
    {
        var refused = $"Host=127.0.0.1;Port={PostgresMigratorTests.FreePort()};Username=postgres;Database=none;Timeout=5";
        await using var database = new PostgresDatabase(refused);
        var storage = new PostgresGrainStorage(database);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.ReadAsync(new GrainId("t", "k"), default).WithTimeout());
        await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.WriteAsync(new GrainId("t", "k"), new byte[] { 1 }, null, default).WithTimeout());
    }
}

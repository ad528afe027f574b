using FlashSale.Runtime.Hosting;
using FlashSale.Runtime.Storage;
using FlashSale.Runtime.Tests.TestGrains;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Runtime.Tests.Storage.StagedRows;

/// <summary>Rows staged by grain code through <c>IPersistentState.StageRow</c>.</summary>
public sealed class StagedRowGrainTests
{
    internal static Task<GrainRuntimeHost> StartAsync(Action<IGrainRuntimeBuilder> storage) =>
        GrainRuntimeHost.StartAsync(services => storage(services
            .AddGrainRuntime()
            .AddGrain<ILedgerGrain, LedgerGrain>("ledger", static (invoker, id) => new LedgerGrainReference(invoker, id), LedgerGrainMethods.All)));

    internal static async Task<List<IReadOnlyDictionary<string, object?>>> LedgerOf(GrainRuntimeHost host, string user)
    {
        var storage = (IRowStagingGrainStorage)host.Services.GetRequiredService<IGrainStorage>();
        var rows = await storage.ReadRowsAsync("wallet_ledger", default).WithTimeout();
        return [.. rows.Where(r => (string)r["user_id"]! == user).OrderBy(r => (long)r["balance_after"]!)];
    }

    [Fact]
    public async Task StageRow_ThenWrite_StoresTheRowsWithTheState()
    {
        await using var host = await StartAsync(b => b.UseInMemoryStorage());
        var wallet = host.GrainFactory.GetGrain<ILedgerGrain>("alice");

        await wallet.Credit(new StringValue { Value = "e1:100" }).WithTimeout();
        await wallet.Credit(new StringValue { Value = "e2:50" }).WithTimeout();
        var ledger = await LedgerOf(host, "alice");

        Assert.Equal(["e1", "e2"], ledger.Select(r => (string)r["entry_id"]!));
        Assert.Equal([100L, 150L], ledger.Select(r => (long)r["balance_after"]!));
    }

    [Fact]
    public async Task StageRow_StaleActivation_WritesNoRowAndTheRetryDoes()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ledger.db");
        await using var stale = await StartAsync(b => b.UseSqliteStorage(path));
        await using var fresh = await StartAsync(b => b.UseSqliteStorage(path));
        await stale.GrainFactory.GetGrain<ILedgerGrain>("bob").Credit(new StringValue { Value = "e1:1" }).WithTimeout();
        await fresh.GrainFactory.GetGrain<ILedgerGrain>("bob").Credit(new StringValue { Value = "e2:10" }).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => stale.GrainFactory.GetGrain<ILedgerGrain>("bob").Credit(new StringValue { Value = "e3:100" }).WithTimeout());
        var afterConflict = await LedgerOf(fresh, "bob");
        var retried = await stale.GrainFactory.GetGrain<ILedgerGrain>("bob").Credit(new StringValue { Value = "e3:100" }).WithTimeout();
        var afterRetry = await LedgerOf(fresh, "bob");

        Assert.Equal(["e1", "e2"], afterConflict.Select(r => (string)r["entry_id"]!));
        Assert.Equal(111, retried.Value);
        Assert.Equal(["e1", "e2", "e3"], afterRetry.Select(r => (string)r["entry_id"]!));
    }
}

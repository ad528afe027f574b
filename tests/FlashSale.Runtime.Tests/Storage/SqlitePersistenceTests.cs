using FlashSale.Runtime.Tests.TestGrains;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Runtime.Tests.Storage;

public sealed class SqlitePersistenceTests
{
    [Fact]
    public async Task State_OnSqlite_SurvivesARuntimeRestart()
    {
        using var dir = new TempDirectory();
        var path = dir.File("data/flashsale.db");
        await using (var first = await TestRuntime.StartAsync(new Probe(), sqlitePath: path))
        {
            await first.Counter("kept").Add(new Int32Value { Value = 41 }).WithTimeout();
            await first.Counter("kept").Add(new Int32Value { Value = 1 }).WithTimeout();
        }

        await using var second = await TestRuntime.StartAsync(new Probe(), sqlitePath: path);
        var value = await second.Counter("kept").Get(new Empty()).WithTimeout();

        Assert.Equal(42, value.Value);
    }

    [Fact]
    public async Task StaleWrite_FromSecondActivationOnSameFile_FailsAndDeactivatesTheStaleOne()
    {
        using var dir = new TempDirectory();
        var path = dir.File("split.db");
        var staleProbe = new Probe();
        await using var stale = await TestRuntime.StartAsync(staleProbe, sqlitePath: path);
        await using var fresh = await TestRuntime.StartAsync(new Probe(), sqlitePath: path);
        await stale.Counter("contested").Add(new Int32Value { Value = 1 }).WithTimeout();
        await fresh.Counter("contested").Add(new Int32Value { Value = 10 }).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(() => stale.Counter("contested").Add(new Int32Value { Value = 100 }).WithTimeout());
        await staleProbe.Deactivated.WaitForAsync(1).WithTimeout();
        var reread = await stale.Counter("contested").Get(new Empty()).WithTimeout();

        Assert.Equal(11, reread.Value);
        Assert.Equal([DeactivationReason.InconsistentState], staleProbe.DeactivationReasons);
        Assert.Equal(12, (await stale.Counter("contested").Add(new Int32Value { Value = 1 }).WithTimeout()).Value);
    }
}

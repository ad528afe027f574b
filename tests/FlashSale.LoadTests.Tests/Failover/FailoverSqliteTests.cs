using Xunit.Abstractions;

namespace FlashSale.LoadTests.Tests.Failover;

/// <summary>The failover scenario's mechanics on one SQLite silo: killed with SIGKILL and started again on
/// the same data folder and ports, so the grabs it acknowledged before the kill must still be there.</summary>
[Collection(FailoverCollection.Name)]
public sealed class FailoverSqliteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RunAsync_SqliteSiloKilledAndRestartedOnItsData_RidesThroughWithACleanAudit()
    {
        using var fleet = SiloFleet.Sqlite(1);
        await fleet.StartAsync(0);

        // 30 s: on a busy 2-core machine the restarted silo took 14 s to serve again, and grabs must be
        // acknowledged after that.
        await FailoverRun.RunThroughFailoverAsync(fleet, killed: 0, duration: "30s", at: "3s", duringOutage: false, output);
    }
}

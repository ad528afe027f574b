using FlashSale.Testing.Servers;
using Xunit.Abstractions;

namespace FlashSale.LoadTests.Tests.Failover;

/// <summary>The failover scenario against three silos forming one Orleans cluster on a throwaway
/// PostgreSQL: silo 2 of 3 is killed with SIGKILL and restarted while the runner grabs through all three.
/// The dead silo's grains serve again from the survivors; every acknowledged grab must be stored.</summary>
public sealed class FailoverPostgresClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RunAsync_OneOfThreeClusterSilosKilledAndRestarted_RidesThroughWithACleanAudit()
    {
        using var postgres = PostgresServer.StartNew();
        using var fleet = SiloFleet.PostgresCluster(3, postgres.CreateUniqueDatabase());
        await Task.WhenAll(Enumerable.Range(0, 3).Select(fleet.StartAsync));

        await FailoverRun.RunThroughFailoverAsync(fleet, killed: 1, duration: "25s", at: "5s", duringOutage: true, output);
    }
}

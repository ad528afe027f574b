using FlashSale.Silo.Hosting;
using FlashSale.Silo.Tests.Crash;
using FlashSale.Testing.Servers;
using Xunit.Abstractions;

namespace FlashSale.Silo.Tests.Cluster;

/// <summary>A silo the others declare dead must stop serving: frozen (SIGSTOP) long enough to miss its
/// probes, it is voted out; thawed (SIGCONT), it learns it is dead and exits non-zero at once.</summary>
[Collection(CrashCollection.Name)]
public sealed class ClusterDeclaredDeadTests(PostgresServerFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresServerFixture>
{
    private const int Frozen = 2;

    [Fact]
    public async Task FrozenSilo_DeclaredDeadByTheOthers_ExitsNonZeroAndSaysWhyOnceItRunsAgain()
    {
        // Arrange
        await using var cluster = await SiloCluster.StartAsync(postgres.Server.CreateUniqueDatabase(), 3);
        var silo = cluster[Frozen];
        var port = cluster.SiloPort(Frozen);

        // Act: freeze it until the membership table shows it Dead, then let it run again.
        await silo.SignalAsync("STOP");
        try
        {
            var rows = await cluster.WaitForMembershipAsync(
                rows => rows.Any(r => r.Port == port && r.Status == MembershipRow.Dead), TimeSpan.FromSeconds(30), "the frozen silo Dead");
            output.WriteLine("membership while frozen: " + string.Join(", ", rows));
            Assert.Equal(2, rows.Count(r => r.Status == MembershipRow.Active));
        }
        finally
        {
            await silo.SignalAsync("CONT");
        }

        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));

        // Assert
        output.WriteLine($"exit code {exitCode}");
        Assert.NotEqual(0, exitCode);
        Assert.Contains(SiloFatalErrorHandler.Banner, silo.Output, StringComparison.Ordinal);
        Assert.Contains("dead", silo.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(await cluster.MembershipAsync(), r => r.Port == port && r.Status == MembershipRow.Active);
    }
}

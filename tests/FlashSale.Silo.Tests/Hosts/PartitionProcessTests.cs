using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Crash;
using FlashSale.Silo.Tests.Fixtures.Hosts;
using FlashSale.Testing;
using Xunit.Abstractions;

namespace FlashSale.Silo.Tests.Hosts;

/// <summary>
/// Issue 13, "Failures": three silo processes, each in its own network namespace, clustered on one
/// PostgreSQL. The drop is activated on silo X (it starts alone, the others join after); shoppers
/// grab through all three; X is cut off. The cluster must declare X dead and X must stop itself;
/// the survivors take the drop over; after the heal the stored orders show no unit sold twice.
/// Needs root (namespaces, cgroups): as another user it fails, saying so.
/// </summary>
[Collection(CrashCollection.Name)]
[Trait("Requires", "root")]
[Trait("Requires", "postgres")]
public sealed class PartitionProcessTests(ITestOutputHelper output)
{
    private const int Stock = 600;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DeathBound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(PartitionKind.PeersOnly)]
    [InlineData(PartitionKind.LinkDown)]
    public async Task Partition_OfTheSiloHoldingTheDrop_ItIsDeclaredDeadAndStopsAndNoUnitSellsTwice(PartitionKind kind)
    {
        // Arrange: X alone first, so the drop's grain activates there; then Y and Z join.
        var timeline = new PartitionTimeline();
        await using var cluster = SimulatedCluster.Create(hosts: 3);
        output.WriteLine($"network {cluster.Network.Cidr}, netem delay: {(cluster.Network.HasDelay ? "0.5 ms" : "none (kernel has no netem)")}");
        var x = await cluster.StartSiloAsync(0);
        timeline.Mark("X healthy");
        using var xChannel = x.CreateChannel();
        var dropId = await CrashDrive.OpenDropAsync(new AdminClient(xChannel), Stock, paymentWindowSeconds: 3_600);
        Assert.Equal(ResultCode.Ok, (await new ShopClient(xChannel).GrabAsync(dropId, "warm-" + Guid.NewGuid().ToString("N")).WithTimeout()).Result);
        var y = await cluster.StartSiloAsync(1);
        var z = await cluster.StartSiloAsync(2);
        Assert.True(
            await MembershipRows.WaitAsync(cluster.TestConnectionString, cluster.ClusterId, rows => rows.Count(r => r.Status == MembershipRow.Active) == 3, TimeSpan.FromSeconds(30)),
            "three silos never showed Active in the membership table");
        timeline.Mark("Y and Z joined: 3 active");
        using var yChannel = y.CreateChannel();
        using var zChannel = z.CreateChannel();

        var load = new PartitionLoad();
        load.Start("X", new ShopClient(xChannel), dropId, loops: 2, Pace, CallTimeout);
        load.Start("Y", new ShopClient(yChannel), dropId, loops: 2, Pace, CallTimeout);
        load.Start("Z", new ShopClient(zChannel), dropId, loops: 2, Pace, CallTimeout);
        timeline.Mark("load started (2 loops per silo, one grab at a time each, 100 ms apart)");
        await Task.Delay(TimeSpan.FromSeconds(3));

        // Act: cut X off.
        var survivors = new[] { y.Host, z.Host };
        if (kind == PartitionKind.LinkDown)
        {
            SimulatedNetwork.Cut(x.Host);
        }
        else
        {
            SimulatedNetwork.Isolate(x.Host, survivors);
        }

        timeline.Mark("cut");
        var declaredDead = await MembershipRows.WaitAsync(
            cluster.TestConnectionString, cluster.ClusterId, rows => rows.Any(r => r.Address == x.Host.Address.ToString() && r.Status == MembershipRow.Dead), DeathBound);
        if (declaredDead)
        {
            timeline.Mark("X declared Dead in the membership table");
        }

        if (kind == PartitionKind.LinkDown)
        {
            // X cannot read the table while its link is down: it learns its fate after the heal.
            await Task.Delay(TimeSpan.FromSeconds(3));
            SimulatedNetwork.Heal(x.Host);
            timeline.Mark("healed (link up)");
        }

        var exited = await x.WaitForExitAsync(ExitBound);
        if (x.ExitedAt is { } exitedAt)
        {
            timeline.Mark($"X process exited ({x.ExitCode})", exitedAt);
        }

        if (kind == PartitionKind.PeersOnly)
        {
            SimulatedNetwork.Rejoin(x.Host, survivors);
            timeline.Mark("healed (routes back)");
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        await load.StopAsync(TimeSpan.FromSeconds(30));
        timeline.Mark("load stopped");

        // Assert: what the clients were told against what is stored.
        var grabs = load.Grabs.ToList();
        var acked = grabs.Where(g => g.Result == ResultCode.Ok).ToList();
        var stored = await StoredOrders.ReadAsync(cluster.TestConnectionString, dropId);
        using var reader = y.CreateChannel(RetryOptions.Default);
        var status = await CrashDrive.StatusAsync(new AdminClient(reader), dropId);
        Report(timeline, grabs, x, stored, status);

        Assert.True(declaredDead, $"X was not declared dead within {DeathBound}:\n{timeline}");
        Assert.True(exited, $"X did not stop itself within {ExitBound} of the {(kind == PartitionKind.LinkDown ? "heal" : "death declaration")}:\n{timeline}\n{Tail(x.Output)}");
        Assert.NotEqual(0, x.ExitCode);
        Assert.Contains("FlashSale silo stopping at once", x.Output, StringComparison.Ordinal);
        Assert.False(y.HasExited, "survivor Y exited:\n" + Tail(y.Output));
        Assert.False(z.HasExited, "survivor Z exited:\n" + Tail(z.Output));

        var byId = stored.ToDictionary(o => o.OrderId);
        Assert.All(acked, g => Assert.True(g.OrderId is not null && byId.TryGetValue(g.OrderId, out var o) && o.UserId == g.UserId && o.HoldsUnits, $"acknowledged order {g.OrderId} of {g.UserId} (via {g.Via}) is not stored as held"));
        Assert.Equal(acked.Count, acked.Select(g => g.OrderId).Distinct().Count());
        Assert.True(acked.Count <= Stock, $"{acked.Count} acknowledged orders for {Stock} units");
        var held = stored.Where(o => o.HoldsUnits).Sum(o => o.Quantity);
        Assert.True(held <= Stock, $"{held} units held by stored orders for {Stock} units");
        Assert.Equal(held, status.Sold + status.Reserved);
        Assert.Equal(Stock - held, status.Remaining);
        Assert.All(stored.GroupBy(o => o.UserId), g => Assert.True(g.Count() == 1, $"user {g.Key} has {g.Count()} orders (limit 1)"));

        // The survivors served the drop again after the cut.
        Assert.Contains(grabs, g => g.Via != "X" && g.Result is not null && g.At > (timeline.Cut ?? DateTime.MaxValue) && g.At > x.ExitedAt.GetValueOrDefault());
    }

    private void Report(PartitionTimeline timeline, List<TimedGrab> grabs, HostedSiloProcess x, List<StoredOrder> stored, DropStatus status)
    {
        var cut = timeline.Cut ?? DateTime.MinValue;
        var firstServedAgain = grabs.Where(g => g.Via != "X" && g.At > cut && g.Result is not null).Select(g => (DateTime?)g.At).Min();
        var lastOkViaX = grabs.Where(g => g.Via == "X" && g.Result == ResultCode.Ok).Select(g => (DateTime?)g.At).Max();
        if (firstServedAgain is { } served)
        {
            timeline.Mark("first grab answered through Y or Z after the cut", served);
        }

        if (lastOkViaX is { } last)
        {
            timeline.Mark("last order acknowledged through X", last);
        }

        output.WriteLine(timeline.ToString());
        foreach (var via in new[] { "X", "Y", "Z" })
        {
            var mine = grabs.Where(g => g.Via == via).ToList();
            output.WriteLine($"via {via}: {mine.Count} grabs, before the cut {Describe(mine.Where(g => g.At <= cut))}; after {Describe(mine.Where(g => g.At > cut))}");
        }

        output.WriteLine($"stored orders {stored.Count} (held units {stored.Where(o => o.HoldsUnits).Sum(o => o.Quantity)}), status sold {status.Sold} reserved {status.Reserved} remaining {status.Remaining} of {Stock}");
        output.WriteLine("X's last lines:\n" + Tail(x.Output));
    }

    private static string Describe(IEnumerable<TimedGrab> grabs) =>
        string.Join(", ", grabs.GroupBy(g => g.Result?.ToString() ?? g.Error?.ToString() ?? "?").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}"));

    /// <summary>The last lines of a silo's output without stack frames.</summary>
    private static string Tail(string text) =>
        string.Join('\n', text.Split('\n').Where(line => !line.TrimStart().StartsWith("at ", StringComparison.Ordinal) && !line.Contains("    at ", StringComparison.Ordinal)).TakeLast(15));
}

using System.Diagnostics;
using FlashSale.Api.V1;
using FlashSale.Grains.Tests.Fakes;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Orleans.Configuration;
using Xunit.Abstractions;

namespace FlashSale.Grains.Tests.Cluster;

/// <summary>Drops on a three-silo Orleans cluster in one process (<see cref="Orleans.TestingHost.InProcessTestCluster"/>),
/// all silos on the same durable stores: placement over the silos, one activation per drop whichever
/// silo a call enters at, and failover of a drop whose silo stops or dies.</summary>
public sealed class MultiSiloDropTests(ITestOutputHelper output)
{
    private const int Silos = 3;

    [Fact]
    public async Task Drops_ScheduledAndGrabbedThroughEverySilo_SpreadOverTheSilosAndEachSellsExactlyItsStock()
    {
        // Arrange
        await using var host = await StartClusterAsync(TestStores.OutlivingTheSilo());
        var dropIds = Enumerable.Range(0, 12).Select(i => $"spread-{i}").ToList();
        for (var i = 0; i < dropIds.Count; i++)
        {
            Assert.Equal(ResultCode.Ok, (await ScheduleAsync(host, i % Silos, dropIds[i], quantity: 5)).Result);
        }

        // Act: nine shoppers per drop, three entering at each silo, all at once.
        var grabs = dropIds.SelectMany(dropId => Enumerable.Range(0, 9).Select(u =>
            host.GrainsOn(u % Silos).GetGrain<IDropGrain>(dropId)
                .Grab(new Protos.DropGrab { UserId = $"u{u}", Quantity = 1, IdempotencyKey = $"{dropId}-{u}" })
                .ContinueWith(t => (DropId: dropId, Reply: t.Result), TaskScheduler.Default)));
        var replies = await Task.WhenAll(grabs).WithTimeout();

        // Assert: every drop sold exactly five, and the drops live on more than one silo.
        foreach (var dropId in dropIds)
        {
            Assert.Equal(5, replies.Count(r => r.DropId == dropId && r.Reply.Result == ResultCode.Ok));
            Assert.Equal(4, replies.Count(r => r.DropId == dropId && r.Reply.Result == ResultCode.SoldOut));
            var status = await host.GrainsOn(2).GetGrain<IDropGrain>(dropId).GetStatus(new Empty()).WithTimeout();
            Assert.Equal((5, 0), (status.Reserved, status.Remaining));
        }

        var hosts = dropIds.Select(id => host.HostOf(host.Drop(id))).ToList();
        Assert.All(hosts, Assert.NotNull);
        output.WriteLine("drops per silo: " + string.Join(", ", hosts.GroupBy(h => h).Select(g => $"{g.Key}={g.Count()}")));
        Assert.True(hosts.Distinct().Count() > 1, "every drop was placed on the same silo");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Drop_ItsSiloStoppedOrKilled_ServesFromASurvivorWithItsStateFromStorage(bool kill)
    {
        // Arrange: drops scheduled through the second and third silos; the one to fail over lives on
        // one of them (not on the first silo, which holds the test cluster's membership table).
        await using var host = await StartClusterAsync(TestStores.OutlivingTheSilo());
        for (var i = 0; i < 6; i++)
        {
            await ScheduleAsync(host, 1 + (i % 2), $"failover-{i}", quantity: 10);
        }

        var primary = host.Cluster.Silos[0].SiloAddress;
        var dropId = Enumerable.Range(0, 6).Select(i => $"failover-{i}").FirstOrDefault(id => host.HostOf(host.Drop(id)) is { } at && !at.Equals(primary))
            ?? throw new InvalidOperationException("every drop was placed on the first silo");
        var victim = host.Cluster.Silos.Single(s => s.SiloAddress.Equals(host.HostOf(host.Drop(dropId))));
        var acked = new List<string>();
        for (var u = 0; u < 3; u++)
        {
            var reply = await host.GrainsOn(u).GetGrain<IDropGrain>(dropId)
                .Grab(new Protos.DropGrab { UserId = $"u{u}", Quantity = 1, IdempotencyKey = $"k{u}" }).WithTimeout();
            Assert.Equal(ResultCode.Ok, reply.Result);
            acked.Add(reply.Order.OrderId);
        }

        // Act
        var clock = Stopwatch.StartNew();
        if (kill)
        {
            await host.Cluster.KillSiloAsync(victim).WithTimeout();
        }
        else
        {
            await host.Cluster.StopSiloAsync(victim).WithTimeout();
        }

        var survivor = host.GrainsOn(0).GetGrain<IDropGrain>(dropId);
        var status = await PollUntilServingAsync(survivor, TimeSpan.FromSeconds(30));
        output.WriteLine($"{(kill ? "killed" : "stopped")}: the drop served again after {clock.Elapsed.TotalSeconds:F1} s");

        // Assert: the state came back from storage, on a survivor, and the drop goes on selling exactly.
        Assert.NotEqual(victim.SiloAddress, host.HostOf(host.Drop(dropId)));
        Assert.Equal((3, 7), (status.Reserved, status.Remaining));
        var retry = await survivor.Grab(new Protos.DropGrab { UserId = "u0", Quantity = 1, IdempotencyKey = "k0" }).WithTimeout();
        Assert.Equal(acked[0], retry.Order.OrderId);
        var rest = await Task.WhenAll(Enumerable.Range(3, 9).Select(u =>
            survivor.Grab(new Protos.DropGrab { UserId = $"u{u}", Quantity = 1, IdempotencyKey = $"k{u}" }))).WithTimeout();
        Assert.Equal(7, rest.Count(r => r.Result == ResultCode.Ok));
        Assert.Equal(2, rest.Count(r => r.Result == ResultCode.SoldOut));
        var orders = await survivor.ListOrders(new ListDropOrdersRequest()).WithTimeout();
        Assert.Equal(10, orders.Orders.Count);
        Assert.All(acked, id => Assert.Contains(orders.Orders, o => o.OrderId == id));
    }

    private static Task<GrainTestHost> StartClusterAsync(TestStores stores) =>
        GrainTestHost.StartAsync(stores: stores, silos: Silos, configure: silo => silo.Configure<ClusterMembershipOptions>(membership =>
        {
            // As the silo host's defaults (silo/Hosting/MembershipTuning.cs): a dead silo is found in seconds.
            membership.ProbeTimeout = TimeSpan.FromSeconds(1);
            membership.MinProbeTimeout = TimeSpan.FromMilliseconds(500);
            membership.MaxProbeTimeout = TimeSpan.FromSeconds(2);
            membership.NumMissedProbesLimit = 3;
            membership.NumVotesForDeathDeclaration = 2;
            membership.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            membership.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(20);
        }));

    private static Task<ScheduleDropReply> ScheduleAsync(GrainTestHost host, int silo, string dropId, int quantity) =>
        host.GrainsOn(silo).GetGrain<IDropGrain>(dropId).Schedule(new ScheduleDropRequest
        {
            DropId = dropId,
            RoomId = "room-1",
            Title = "Tea set " + dropId,
            UnitPrice = 10_000,
            Quantity = quantity,
            PerUserLimit = 1,
            OpensAt = Timestamp.FromDateTimeOffset(host.Now),
        }).WithTimeout();

    private static async Task<DropStatus> PollUntilServingAsync(IDropGrain drop, TimeSpan timeout)
    {
        var until = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await drop.GetStatus(new Empty()).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception) when (until.Elapsed < timeout)
            {
                await Task.Delay(100);
            }
        }
    }
}

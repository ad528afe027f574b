using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Crash;
using FlashSale.Testing;
using FlashSale.Testing.Servers;
using Grpc.Core;
using Xunit.Abstractions;

namespace FlashSale.Silo.Tests.Cluster;

/// <summary>Three real silo processes on one throwaway PostgreSQL database form one Orleans cluster.</summary>
[Collection(CrashCollection.Name)]
public sealed class ClusterFormationTests(PostgresServerFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresServerFixture>
{
    private const int Quantity = 50;

    [Fact]
    public async Task ThreeSilos_OneDatabase_FormOneClusterAndADropScheduledOnOneSellsExactlyItsStockThroughTheOthers()
    {
        // Arrange
        await using var cluster = await SiloCluster.StartAsync(postgres.Server.CreateUniqueDatabase(), 3);
        var rows = await cluster.MembershipAsync();
        output.WriteLine("membership: " + string.Join(", ", rows));
        Assert.Equal(3, rows.Count(r => r.Status == MembershipRow.Active));
        Assert.Equal(3, rows.Select(r => r.Port).Distinct().Count());

        using var one = cluster.CreateChannel(0);
        using var two = cluster.CreateChannel(1);
        using var three = cluster.CreateChannel(2);
        var dropId = await CrashDrive.OpenDropAsync(new AdminClient(one), Quantity, paymentWindowSeconds: 600);

        // Act: 60 shoppers at once, half through silo 2 and half through silo 3, no retries.
        var grabs = new ClusterGrabs([new ShopClient(two), new ShopClient(three)], TimeSpan.FromSeconds(20), new HashSet<StatusCode>());
        var users = CrashDrive.Users("formation", Quantity + 10);
        var outcomes = await Task.WhenAll(users.Select((user, i) => grabs.GrabAsync(dropId, user, i % 2))).WithTimeout(TimeSpan.FromSeconds(60));

        // Assert: exactly the stock sold, the rest told SOLD_OUT, and every silo sees the same drop.
        output.WriteLine($"failed attempts: {grabs.DescribeFailures()}");
        Assert.True(grabs.Failures.IsEmpty, $"failed attempts: {grabs.DescribeFailures()}\n{cluster.Output()}");
        Assert.Equal(Quantity, outcomes.Count(o => o.IsOk));
        Assert.Equal(10, outcomes.Count(o => o.Reply?.Result == ResultCode.SoldOut));
        foreach (var channel in new[] { one, two, three })
        {
            var status = await CrashDrive.StatusAsync(new AdminClient(channel), dropId);
            Assert.Equal((0, Quantity, 0), (status.Sold, status.Reserved, status.Remaining));
        }

        var orders = await CrashDrive.OrdersAsync(new AdminClient(three), dropId);
        Assert.True(orders.Select(o => o.OrderId).ToHashSet().SetEquals(outcomes.Where(o => o.IsOk).Select(o => o.Reply!.Order.OrderId)));
    }
}

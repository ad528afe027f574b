using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Grains.Tests.Drop;

/// <summary>Hot-drop buckets (bucket_count &gt; 1): the drop sells as one across its buckets.</summary>
public sealed class DropBucketTests
{
    [Fact]
    public async Task Schedule_SixBucketsOnThreeSilos_SpreadsThemOverTheSilos()
    {
        await using var host = await GrainTestHost.StartAsync(silos: 3);
        await host.ScheduleDropAsync("spread", quantity: 60, configure: r => r.BucketCount = 6);

        var management = host.Grains.GetGrain<IManagementGrain>(0);
        var activations = await management.GetDetailedGrainStatistics().WithTimeout();
        var silos = activations
            .Where(a => a.GrainId.Type.ToString() == DropBuckets.GrainType)
            .Select(a => a.SiloAddress)
            .Distinct()
            .Count();

        // Hash-based placement: which silo a bucket lands on depends on its id only (the silos
        // sorted), so the spread of these six ids over three silos is the same on every run.
        Assert.True(silos > 1, $"the six buckets landed on {silos} silo(s)");
        Assert.Equal(6, (await host.Drop("spread").GetBuckets(new Empty()).WithTimeout()).BucketCount);
        var status = await host.StatusAsync("spread");
        Assert.Equal((60, 60, 0, DropState.Open), (status.Quantity, status.Remaining, status.Reserved, status.State));
    }

    [Fact]
    public async Task Grab_ManyUsersInParallelThroughEverySilo_SellsExactlyTheStock()
    {
        await using var host = await GrainTestHost.StartAsync(silos: 3);
        await host.ScheduleDropAsync("hot", quantity: 50, configure: r => r.BucketCount = 6);
        var factories = host.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<IGrainFactory>()).ToArray();

        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Grabs.GrabAsync(factories[i % factories.Length], new GrabRequest { DropId = "hot", UserId = $"u{i}", Quantity = 1, IdempotencyKey = $"k{i}" }, default))).WithTimeout();

        var sold = replies.Where(r => r.Result == ResultCode.Ok).ToArray();
        Assert.Equal(50, sold.Length);
        Assert.Equal(150, replies.Count(r => r.Result == ResultCode.SoldOut));
        Assert.Equal(50, sold.Select(r => r.Order.OrderId).Distinct().Count());
        Assert.All(sold, r => Assert.Equal("hot", r.Order.DropId));
        var status = await host.StatusAsync("hot");
        Assert.Equal((50, 0, DropState.SoldOut), (status.Reserved, status.Remaining, status.State));
        var listed = await ListAllAsync(host, "hot", pageSize: 7);
        Assert.Equal(sold.Select(r => r.Order.OrderId).Order(), listed.Select(o => o.OrderId).Order());
    }

    [Fact]
    public async Task Grab_UsersBucketIsEmpty_SellsTheLastUnitFromAnotherBucket()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 2, configure: r => r.BucketCount = 2);
        var users = UsersOfBucket(0, 2, count: 3);

        var first = await GrabAsync(host, "d1", users[0]);
        var last = await GrabAsync(host, "d1", users[1]);
        var late = await GrabAsync(host, "d1", users[2]);

        Assert.Equal((ResultCode.Ok, ResultCode.Ok, ResultCode.SoldOut), (first.Result, last.Result, late.Result));
        Assert.StartsWith("d1~0/", last.Order.OrderId, StringComparison.Ordinal);
        Assert.Equal(0, (await host.Bucket("d1", 1).GetStatus(new Empty()).WithTimeout()).Quantity);
        var status = await host.StatusAsync("d1");
        Assert.Equal((2, 0, DropState.SoldOut), (status.Reserved, status.Remaining, status.State));
    }

    [Fact]
    public async Task Grab_OneBucketsUsers_DrainEveryBucketBeforeSoldOut()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 12, configure: r => r.BucketCount = 4);
        var users = UsersOfBucket(3, 4, count: 13);

        var replies = new List<GrabReply>();
        foreach (var user in users)
        {
            replies.Add(await GrabAsync(host, "d1", user));
        }

        Assert.Equal(12, replies.Count(r => r.Result == ResultCode.Ok));
        Assert.Equal(ResultCode.SoldOut, replies[^1].Result);
        for (var bucket = 0; bucket < 4; bucket++)
        {
            Assert.Equal(0, (await host.Bucket("d1", bucket).GetStatus(new Empty()).WithTimeout()).Remaining);
        }

        var buckets = await host.Drop("d1").GetBuckets(new Empty()).WithTimeout();
        Assert.Equal((0, 0), (buckets.Pool, buckets.PendingTransfers));
    }

    [Fact]
    public async Task Grab_ConcurrentBySameUserThroughBothPaths_NeverExceedsPerUserLimit()
    {
        await using var host = await GrainTestHost.StartAsync(silos: 2);
        await host.ScheduleDropAsync("d1", quantity: 40, perUserLimit: 3, configure: r => r.BucketCount = 4);

        // Half straight to the bucket (the silo's route), half through the drop's grain, which forwards.
        var replies = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => i % 2 == 0
            ? Grabs.GrabAsync(host.Grains, new GrabRequest { DropId = "d1", UserId = "alice", Quantity = 1, IdempotencyKey = $"k{i}" }, default)
            : host.GrabAsync("d1", "alice", key: $"k{i}"))).WithTimeout();

        Assert.Equal(3, replies.Count(r => r.Result == ResultCode.Ok));
        Assert.Equal(27, replies.Count(r => r.Result == ResultCode.LimitReached));
        Assert.Equal(3, (await host.StatusAsync("d1")).Reserved);
    }

    [Fact]
    public async Task Grab_RetriedKeyThroughTheOtherPath_ReplaysTheFirstOrder()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 10, configure: r => r.BucketCount = 3);

        var first = await Grabs.GrabAsync(host.Grains, new GrabRequest { DropId = "d1", UserId = "bob", Quantity = 2, IdempotencyKey = "k1" }, default).WithTimeout();
        var retry = await host.GrabAsync("d1", "bob", quantity: 2, key: "k1");

        Assert.Equal(first.Order.OrderId, retry.Order.OrderId);
        Assert.Equal(2, (await host.StatusAsync("d1")).Reserved);
    }

    [Fact]
    public async Task Cancel_BucketOrder_ReturnsTheUnitToTheBucketThatSoldIt()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 4, configure: r => r.BucketCount = 2);
        var user = UsersOfBucket(1, 2, count: 1)[0];
        var order = (await GrabAsync(host, "d1", user, quantity: 2)).Order;

        // Through the drop's grain: it forwards to the bucket the order id names.
        var cancelled = await host.Drop("d1").Cancel(new OrderRef { OrderId = order.OrderId }).WithTimeout();

        Assert.Equal(ResultCode.Ok, cancelled.Result);
        Assert.Equal(OrderState.Cancelled, cancelled.Order.State);
        var bucket = await host.Bucket("d1", 1).GetStatus(new Empty()).WithTimeout();
        Assert.Equal((2, 0), (bucket.Remaining, bucket.Reserved));
        Assert.Equal(4, (await host.StatusAsync("d1")).Remaining);
    }

    [Fact]
    public async Task Expiry_UnpaidBucketOrder_ReturnsTheUnitByTheBucketsReminder()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 2, paymentWindowSeconds: 20, configure: r => r.BucketCount = 2);
        var user = UsersOfBucket(0, 2, count: 1)[0];
        var order = (await GrabAsync(host, "d1", user)).Order;

        // Only the bucket's durable reminder expires the stored row (a read shows a lapsed order as expired at once).
        for (var step = 0; step < 120 && host.Stores.Drops.AllOrders().Single(r => r.OrderId == order.OrderId).State != "Expired"; step++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        var rows = host.Stores.Drops.AllOrders();
        Assert.Equal("Expired", rows.Single(r => r.OrderId == order.OrderId).State);
        var status = await host.StatusAsync("d1");
        Assert.Equal((2, 0), (status.Remaining, status.Reserved));
    }

    [Fact]
    public async Task Pay_BucketOrder_IsConfirmedByItsBucket()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 3, unitPrice: 500, configure: r => r.BucketCount = 3);
        await host.CreditAsync("carol", 1_000);
        var order = (await host.Shopper("carol").Grab(new GrabRequest { DropId = "d1", UserId = "carol", Quantity = 1, IdempotencyKey = "g1" }).WithTimeout()).Order;

        var paid = await host.Shopper("carol").Pay(new PayRequest { OrderId = order.OrderId, UserId = "carol", IdempotencyKey = "p1" }).WithTimeout();

        Assert.Equal(ResultCode.Ok, paid.Result);
        Assert.Equal(OrderState.Paid, paid.Order.State);
        var status = await host.StatusAsync("d1");
        Assert.Equal((1, 0, 2), (status.Sold, status.Reserved, status.Remaining));
        var mine = await host.Shopper("carol").ListOrders(new Empty()).WithTimeout();
        Assert.Equal(order.OrderId, mine.Orders.Single().OrderId);
    }

    [Fact]
    public async Task Close_BucketedDrop_ClosesEveryBucket()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 6, configure: r => r.BucketCount = 3);

        var closed = await host.Drop("d1").Close(new Empty()).WithTimeout();

        Assert.Equal(DropState.Closed, closed.State);
        foreach (var user in new[] { "a", "b", "c", "d", "e" })
        {
            Assert.Equal(ResultCode.Ended, (await GrabAsync(host, "d1", user)).Result);
        }
    }

    [Fact]
    public async Task Schedule_OneBucket_IsTheDropsOwnGrain()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 3, configure: r => r.BucketCount = 1);

        var reply = await Grabs.GrabAsync(host.Grains, new GrabRequest { DropId = "d1", UserId = "u", Quantity = 1, IdempotencyKey = "k" }, default).WithTimeout();

        Assert.Equal("d1/1", reply.Order.OrderId);
        Assert.Equal(1, (await host.Drop("d1").GetBuckets(new Empty()).WithTimeout()).BucketCount);
    }

    internal static string[] UsersOfBucket(int bucket, int buckets, int count) =>
        [.. Enumerable.Range(0, 10_000).Select(i => $"user{i}").Where(u => DropBuckets.IndexOf(u, buckets) == bucket).Take(count)];

    private static Task<GrabReply> GrabAsync(GrainTestHost host, string dropId, string userId, int quantity = 1) =>
        Grabs.GrabAsync(host.Grains, new GrabRequest { DropId = dropId, UserId = userId, Quantity = quantity, IdempotencyKey = "k-" + userId }, default).WithTimeout();

    internal static async Task<List<Order>> ListAllAsync(GrainTestHost host, string dropId, int pageSize)
    {
        var orders = new List<Order>();
        var token = string.Empty;
        do
        {
            var page = await host.Drop(dropId).ListOrders(new ListDropOrdersRequest { DropId = dropId, PageSize = pageSize, PageToken = token }).WithTimeout();
            Assert.True(page.Orders.Count <= pageSize);
            orders.AddRange(page.Orders);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return orders;
    }
}

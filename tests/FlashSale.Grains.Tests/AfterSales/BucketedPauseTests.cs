using FlashSale.Api.V1;
using FlashSale.Grains.Events;
using FlashSale.Grains.Tests.Drop;
using FlashSale.Grains.Tests.Fakes;
using FlashSale.Grains.Tests.Shoppers;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Grains.Tests.AfterSales;

/// <summary>Pausing, returns and the refund-rate rule on a drop split into buckets: the buckets sell
/// on their own, so the drop's pause must reach every one of them, and its counters are their sum.</summary>
public sealed class BucketedPauseTests
{
    private const int Buckets = 4;

    [Fact]
    public async Task Pause_BucketedDropOnTwoSilos_EveryBucketRefusesAndAPendingOrderStillPays()
    {
        await using var host = await GrainTestHost.StartAsync(silos: 2);
        await host.ScheduleDropAsync("d1", quantity: 40, unitPrice: 1_000, configure: r => r.BucketCount = Buckets);

        // Room events fan out in process here: each silo's bus sees what grains on that silo publish.
        var events = host.Cluster.Silos.Select(s => new RoomEventCollector(s.ServiceProvider.GetRequiredService<IRoomEventBus>(), "room-1")).ToArray();
        var early = DropBucketTests.UsersOfBucket(2, Buckets, count: 1)[0];
        await host.CreditAsync(early, 5_000);
        var pending = await GrabAsync(host.Grains, early);
        Assert.Equal(ResultCode.Ok, pending.Result);

        var paused = await host.PauseAsync("d1", "stock check");
        var again = await host.PauseAsync("d1");
        var grabs = await GrabInEveryBucketAsync(host);
        var throughCoordinator = await host.GrabAsync("d1", DropBucketTests.UsersOfBucket(1, Buckets, count: 1)[0]);
        var paid = await host.PayAsync(early, pending.Order.OrderId, "pay-1");

        Assert.Equal((ResultCode.Ok, DropState.Paused, "stock check"), (paused.Result, paused.Drop.State, paused.Drop.PauseReason));
        Assert.Equal((ResultCode.Ok, "stock check"), (again.Result, again.Drop.PauseReason));
        Assert.All(grabs, g => Assert.Equal(ResultCode.DropPaused, g.Result));
        Assert.Equal(ResultCode.DropPaused, throughCoordinator.Result);
        Assert.Equal((ResultCode.Ok, OrderState.Paid), (paid.Result, paid.Order.State));
        var status = await host.StatusAsync("d1");
        Assert.Equal((true, "stock check", DropState.Paused), (status.Paused, status.PauseReason, status.State));
        Assert.Equal((1, 0, 39, 1), (status.Sold, status.Reserved, status.Remaining, status.PaidOrders));
        await AssertEveryBucketAsync(host, paused: true);
        for (var wait = 0; wait < 300 && events.Sum(c => c.Count(e => e.DropPaused is not null)) == 0; wait++)
        {
            await Task.Delay(10);
        }

        await Task.Delay(200);
        Assert.Equal(1, events.Sum(c => c.Count(e => e.DropPaused is not null)));
        Assert.Equal(1, events.Sum(c => c.Count(e => e.DropPaused is { DropId: "d1", Reason: "stock check" })));
        foreach (var collector in events)
        {
            collector.Dispose();
        }
    }

    [Fact]
    public async Task Resume_BucketedDrop_EveryBucketSellsAgainAndWatchersSeeOneResume()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 40, configure: r => r.BucketCount = Buckets);
        using var events = host.Collect("room-1");
        await host.PauseAsync("d1");
        Assert.All(await GrabInEveryBucketAsync(host), g => Assert.Equal(ResultCode.DropPaused, g.Result));

        var resumed = await host.ResumeAsync("d1");
        var again = await host.ResumeAsync("d1");
        var grabs = await GrabInEveryBucketAsync(host);

        Assert.Equal((ResultCode.Ok, false, DropState.Open), (resumed.Result, resumed.Drop.Paused, resumed.Drop.State));
        Assert.Equal(ResultCode.Ok, again.Result);

        // The same keys as while paused: a refusal for a pause is not remembered.
        Assert.All(grabs, g => Assert.Equal(ResultCode.Ok, g.Result));
        await AssertEveryBucketAsync(host, paused: false);
        await events.WaitAsync(e => e.DropResumed is not null);
        await Task.Delay(200);
        Assert.Equal(1, events.Count(e => e.DropResumed is { DropId: "d1" }));
        Assert.Equal(0, events.Count(e => (e.DropPaused?.DropId ?? e.DropResumed?.DropId ?? string.Empty).Contains('~', StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Pause_BucketedDrop_EveryBucketStaysPausedAfterARestart()
    {
        var stores = TestStores.OutlivingTheSilo();
        var time = new FakeTimeProvider();
        await using (var first = await GrainTestHost.StartAsync(time, stores))
        {
            await first.ScheduleDropAsync("d1", quantity: 40, configure: r => r.BucketCount = Buckets);
            await first.PauseAsync("d1", "audit");
        }

        await using var second = await GrainTestHost.StartAsync(time, stores);

        // Straight to each bucket, as the silo routes grabs: no call wakes the coordinator first.
        Assert.All(await GrabInEveryBucketAsync(second), g => Assert.Equal(ResultCode.DropPaused, g.Result));
        var status = await second.StatusAsync("d1");
        Assert.Equal((true, "audit"), (status.Paused, status.PauseReason));
        await second.ResumeAsync("d1");
        Assert.All(await GrabInEveryBucketAsync(second), g => Assert.Equal(ResultCode.Ok, g.Result));
    }

    [Fact]
    public async Task Pause_BucketFailsToStoreIt_ConvergesByTheReminderWithoutAnyCall()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 40, configure: r => r.BucketCount = Buckets);
        using var events = host.Collect("room-1");
        host.Storage.FailWritesOf("d1~3");

        await Assert.ThrowsAnyAsync<Exception>(() => host.PauseAsync("d1"));
        Assert.True((await host.StatusAsync("d1")).Paused);
        Assert.False((await host.Bucket("d1", 3).GetStatus(new Empty()).WithTimeout()).Paused);

        // Nothing active but the durable reminder: the coordinator and the bucket are gone.
        await host.DeactivateAsync(host.Drop("d1"));
        await host.DeactivateAsync(host.Bucket("d1", 3));
        for (var step = 0; step < 180 && !await StoredPausedAsync(host, "d1~3"); step++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        Assert.True(await StoredPausedAsync(host, "d1~3"));

        Assert.All(await GrabInEveryBucketAsync(host), g => Assert.Equal(ResultCode.DropPaused, g.Result));
        await AssertEveryBucketAsync(host, paused: true);
        Assert.Equal(1, events.Count(e => e.DropPaused is not null));
    }

    [Fact]
    public async Task Grab_DryBucketThatMissedThePause_GetsThePauseInsteadOfStock()
    {
        await using var host = await GrainTestHost.StartAsync();

        // 3 units over 4 buckets: bucket 3 starts dry and must ask the coordinator for stock.
        await host.ScheduleDropAsync("d1", quantity: 3, configure: r => r.BucketCount = Buckets);
        host.Storage.FailWritesOf("d1~3");
        await Assert.ThrowsAnyAsync<Exception>(() => host.PauseAsync("d1"));

        var grab = await GrabAsync(host.Grains, DropBucketTests.UsersOfBucket(3, Buckets, count: 1)[0]);

        Assert.Equal(ResultCode.DropPaused, grab.Result);
        Assert.True((await host.Bucket("d1", 3).GetStatus(new Empty()).WithTimeout()).Paused);
        var status = await host.StatusAsync("d1");
        Assert.Equal((3, 0), (status.Remaining, status.Reserved));
        var buckets = await host.Drop("d1").GetBuckets(new Empty()).WithTimeout();
        Assert.Equal((0, 0), (buckets.Pool, buckets.PendingTransfers));
    }

    [Fact]
    public async Task ReturnAndRefund_BucketOrders_AreCountedInTheDropsStatus()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 20, unitPrice: 1_000, configure: r => r.BucketCount = Buckets);
        var orders = new List<Order>();
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            orders.Add(await host.PaidOrderAsync(DropBucketTests.UsersOfBucket(bucket, Buckets, count: 1)[0]));
        }

        var returned = await host.ReturnAsync(orders[0].UserId, orders[0].OrderId);
        var refunded = await host.Shopper(orders[1].UserId).Refund(new RefundOrderRequest { OrderId = orders[1].OrderId, IdempotencyKey = "r1" }).WithTimeout();

        Assert.All(orders, o => Assert.StartsWith("d1~", o.OrderId, StringComparison.Ordinal));
        Assert.Equal((ResultCode.Ok, OrderState.Returned, 1_000L), (returned.Result, returned.Order.State, returned.RefundedAmount));
        Assert.Equal(20_000, await host.BalanceAsync(orders[0].UserId));
        Assert.Equal((ResultCode.Ok, OrderState.Refunded), (refunded.Result, refunded.Order.State));
        var status = await host.StatusAsync("d1");
        Assert.Equal((4, 4, 1, 1, 0.5), (status.Sold, status.PaidOrders, status.RefundedOrders, status.ReturnedOrders, status.RefundRate));
    }

    [Fact]
    public async Task RefundRateRule_BucketedDrop_JudgesTheWholeDropAndPausesEveryBucketOnce()
    {
        await using var host = await GrainTestHost.StartAsync(configure: AfterSalesTestKit.AutoPause(rate: 0.15, minimum: 2));
        await host.ScheduleDropAsync("d1", quantity: 40, unitPrice: 1_000, configure: r => r.BucketCount = Buckets);
        using var events = host.Collect("room-1");
        var orders = new List<Order>();
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            foreach (var user in DropBucketTests.UsersOfBucket(bucket, Buckets, count: 2))
            {
                orders.Add(await host.PaidOrderAsync(user));
            }
        }

        // 1 of 8 = 12.5 % for the drop, though 1 of 2 = 50 % in bucket 0 alone: no pause.
        await host.ReturnAsync(orders[0].UserId, orders[0].OrderId);
        var beforeSecond = await host.StatusAsync("d1");
        var stillSelling = await GrabAsync(host.Grains, DropBucketTests.UsersOfBucket(0, Buckets, count: 3)[2]);

        // 2 of 8 = 25 %: the whole drop pauses.
        await host.ReturnAsync(orders[2].UserId, orders[2].OrderId);
        var paused = await host.StatusAsync("d1");
        var grabs = await GrabInEveryBucketAsync(host);
        await host.ReturnAsync(orders[4].UserId, orders[4].OrderId);

        Assert.Equal((false, 0.125), (beforeSecond.Paused, beforeSecond.RefundRate));
        Assert.Equal(ResultCode.Ok, stillSelling.Result);
        Assert.Equal((true, "refund-rate", 0.25, 8), (paused.Paused, paused.PauseReason, paused.RefundRate, paused.PaidOrders));
        Assert.All(grabs, g => Assert.Equal(ResultCode.DropPaused, g.Result));
        await AssertEveryBucketAsync(host, paused: true);
        await events.WaitAsync(e => e.DropPaused is not null);
        await Task.Delay(200);
        Assert.Equal(1, events.Count(e => e.DropPaused is { DropId: "d1", Reason: "refund-rate" }));
        Assert.Equal(1, events.Count(e => e.DropPaused is not null));
    }

    /// <summary>Two users of every bucket grab, straight to their bucket as the silo routes them,
    /// each with a key of its own that stays the same across calls.</summary>
    private static async Task<GrabReply[]> GrabInEveryBucketAsync(GrainTestHost host)
    {
        var users = Enumerable.Range(0, Buckets).SelectMany(b => DropBucketTests.UsersOfBucket(b, Buckets, count: 5)[3..]).ToArray();
        return await Task.WhenAll(users.Select(u => GrabAsync(host.Grains, u)));
    }

    private static Task<GrabReply> GrabAsync(IGrainFactory grains, string user) =>
        Grabs.GrabAsync(grains, new GrabRequest { DropId = "d1", UserId = user, Quantity = 1, IdempotencyKey = "k-" + user }, default).WithTimeout();

    /// <summary>The pause as the grain's stored state holds it (read behind the grain's back).</summary>
    private static async Task<bool> StoredPausedAsync(GrainTestHost host, string key)
    {
        var stored = await host.Stores.Drops.ReadStateAsync(key, default).WithTimeout();
        return stored is not null && Protos.DropGrainState.Parser.ParseFrom(stored.Data).Status.Paused;
    }

    private static async Task AssertEveryBucketAsync(GrainTestHost host, bool paused)
    {
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            Assert.Equal(paused, (await host.Bucket("d1", bucket).GetStatus(new Empty()).WithTimeout()).Paused);
        }
    }
}

using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Grains;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.EndToEnd;

/// <summary>PauseDrop, ResumeDrop and ReturnOrder on a drop split into buckets, through Kestrel and
/// the public API: the pause reaches every bucket, and the drop's status counts every bucket's orders.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BucketedAfterSalesTests
{
    private const long Funds = 50_000;
    private const int Buckets = 4;

    [Fact]
    public async Task PauseDrop_BucketedDrop_RefusesShoppersOfEveryBucketUntilResumedAndCountsReturns()
    {
        // Arrange: one paid order, one pending, on a drop of four buckets.
        await using var silo = await TestSilo.StartAsync();
        var roomId = await silo.CreateLiveRoomAsync();
        var dropId = await silo.ScheduleDropAsync(roomId, quantity: 40, perUserLimit: 1, bucketCount: Buckets);
        await using var watch = new RoomWatch(silo.Shop, roomId);
        await watch.ReadyAsync();
        await silo.CreditAsync("buyer", Funds);
        await silo.CreditAsync("early", Funds);
        var bought = (await silo.Shop.GrabAsync(dropId, "buyer").WithTimeout()).Order;
        Assert.Equal(ResultCode.Ok, (await silo.Shop.PayAsync(bought.OrderId, "buyer").WithTimeout()).Result);
        var pending = (await silo.Shop.GrabAsync(dropId, "early").WithTimeout()).Order;
        var shoppers = Enumerable.Range(0, 40).Select(i => $"late-{i}").ToArray();
        Assert.True(shoppers.Select(s => DropBuckets.IndexOf(s, Buckets)).Distinct().Count() == Buckets, "the shoppers do not cover every bucket");
        var shops = Enumerable.Range(0, 4).Select(_ => new ShopClient(silo.CreateChannel())).ToArray();

        // Act: pause (twice: idempotent), every shopper grabs, the pending order is paid, the paid one returned.
        var paused = await silo.Admin.PauseDropAsync(new PauseDropRequest { DropId = dropId, Reason = "stock check" }).WithTimeout();
        var pausedAgain = await silo.Admin.PauseDropAsync(new PauseDropRequest { DropId = dropId }).WithTimeout();
        var refused = await Task.WhenAll(shoppers.Select((s, i) => shops[i % shops.Length].GrabAsync(dropId, s, idempotencyKey: "g-" + s))).WithTimeout();
        var paid = await silo.Shop.PayAsync(pending.OrderId, "early").WithTimeout();
        var returned = await silo.Shop.ReturnOrderAsync(new ReturnOrderRequest { OrderId = bought.OrderId, UserId = "buyer", IdempotencyKey = "ret-1" }).WithTimeout();
        var whilePaused = await silo.DropStatusAsync(dropId);

        // Assert
        Assert.Equal((ResultCode.Ok, ResultCode.Ok, DropState.Paused), (paused.Result, pausedAgain.Result, paused.Drop.State));
        Assert.All(refused, r => Assert.Equal(ResultCode.DropPaused, r.Result));
        Assert.Equal((ResultCode.Ok, OrderState.Paid), (paid.Result, paid.Order.State));
        Assert.Equal((ResultCode.Ok, OrderState.Returned, SiloScenario.UnitPrice), (returned.Result, returned.Order.State, returned.RefundedAmount));
        Assert.Equal((true, "stock check", DropState.Paused), (whilePaused.Paused, whilePaused.PauseReason, whilePaused.State));
        Assert.Equal((2, 0, 38), (whilePaused.Sold, whilePaused.Reserved, whilePaused.Remaining));
        Assert.Equal((2, 0, 1, 0.5), (whilePaused.PaidOrders, whilePaused.RefundedOrders, whilePaused.ReturnedOrders, whilePaused.RefundRate));
        Assert.Equal("stock check", (await watch.WaitAsync(e => e.DropPaused is not null)).DropPaused.Reason);

        // Act + assert: resumed, every bucket sells again (the same keys: a pause is not remembered).
        var resumed = await silo.Admin.ResumeDropAsync(new ResumeDropRequest { DropId = dropId }).WithTimeout();
        var sold = await Task.WhenAll(shoppers.Select((s, i) => shops[i % shops.Length].GrabAsync(dropId, s, idempotencyKey: "g-" + s))).WithTimeout();
        Assert.Equal((ResultCode.Ok, DropState.Open), (resumed.Result, resumed.Drop.State));
        Assert.Equal(38, sold.Count(r => r.Result == ResultCode.Ok));
        Assert.Equal(Buckets, sold.Where(r => r.Result == ResultCode.Ok).Select(r => r.Order.OrderId[..r.Order.OrderId.IndexOf('/')]).Distinct().Count());
        Assert.Equal(dropId, (await watch.WaitAsync(e => e.DropResumed is not null)).DropResumed.DropId);
        Assert.Equal(1, watch.Count(e => e.DropPaused is not null));
        Assert.Equal(1, watch.Count(e => e.DropPaused?.DropId == dropId && e.DropPaused.Reason == "stock check"));
    }
}

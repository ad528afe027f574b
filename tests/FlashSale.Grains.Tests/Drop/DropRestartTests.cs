using FlashSale.Api.V1;
using FlashSale.Grains.Tests.Fakes;
using FlashSale.Testing;

namespace FlashSale.Grains.Tests.Drop;

public sealed class DropRestartTests
{
    private readonly TestStores _stores = TestStores.OutlivingTheSilo();

    [Fact]
    public async Task Grab_AcknowledgedBeforeRestart_IsStillThereAfterRestart()
    {
        var time = new FakeTimeProvider();
        string orderId;
        await using (var first = await GrainTestHost.StartAsync(time, _stores))
        {
            await first.ScheduleDropAsync("d1", quantity: 5);
            orderId = (await first.GrabAsync("d1", "alice", quantity: 2, key: "k1")).Order.OrderId;
        }

        await using var second = await GrainTestHost.StartAsync(time, _stores);
        var retry = await second.GrabAsync("d1", "alice", quantity: 2, key: "k1");
        var status = await second.StatusAsync("d1");

        Assert.Equal(orderId, retry.Order.OrderId);
        Assert.Equal((2, 3), (status.Reserved, status.Remaining));
    }

    [Fact]
    public async Task PendingOrder_DeadlinePassesAfterRestart_ExpiresByDurableReminder()
    {
        var time = new FakeTimeProvider();
        await using (var first = await GrainTestHost.StartAsync(time, _stores))
        {
            await first.ScheduleDropAsync("d1", quantity: 2, paymentWindowSeconds: 20);
            await first.GrabAsync("d1", "alice", quantity: 2);
        }

        await using var second = await GrainTestHost.StartAsync(time, _stores);
        using var events = second.Collect("room-1");

        // Nothing calls the drop: only the durable reminder can have activated it to expire the order.
        var level = await second.AdvanceUntilAsync(events, e => e.StockLevel is { Remaining: 2 }, TimeSpan.FromSeconds(60));
        Assert.Equal(0, level.StockLevel.Reserved);
        var orders = await second.Drop("d1").ListOrders(new ListDropOrdersRequest()).WithTimeout();
        Assert.Equal(OrderState.Expired, orders.Orders.Single().State);
        Assert.Equal(ResultCode.Ok, (await second.GrabAsync("d1", "bob", quantity: 2)).Result);
    }
}

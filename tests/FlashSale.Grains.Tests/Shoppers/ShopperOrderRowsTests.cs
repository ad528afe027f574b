using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Grains.Tests.Fakes;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Tests.Shoppers;

/// <summary>A user's orders come from the drops' order rows (by user_id): the shopper writes nothing
/// when grabbing, yet ListOrders sees every order, across drops and restarts.</summary>
public sealed class ShopperOrderRowsTests
{
    private readonly TestStores _stores = TestStores.OutlivingTheSilo();

    [Fact]
    public async Task Grab_ThroughShopper_WritesNoShopperState()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1");

        var order = await host.GrabAsync("alice");

        Assert.False((await host.ReadStateAsync<ShopperGrainState>("shopper", "alice")).RecordExists);
        Assert.Equal(ResultCode.Ok, (await host.Drop("d1").GetOrder(new OrderRef { OrderId = order.OrderId }).WithTimeout()).Result);
    }

    [Fact]
    public async Task ListOrders_AfterRestart_ShowsOrdersOfEveryDropNewestFirst()
    {
        var time = new FakeTimeProvider();
        string[] ids;
        await using (var first = await GrainTestHost.StartAsync(time, _stores))
        {
            await first.ScheduleDropAsync("d1");
            await first.ScheduleDropAsync("d2");
            var a = await ShopperTestKit.GrabAsync(first, "alice", "d1");
            time.Advance(TimeSpan.FromSeconds(1));
            var b = await ShopperTestKit.GrabAsync(first, "alice", "d2");
            time.Advance(TimeSpan.FromSeconds(1));
            var c = await ShopperTestKit.GrabAsync(first, "alice", "d1");
            await ShopperTestKit.GrabAsync(first, "bob", "d1");
            ids = [c.OrderId, b.OrderId, a.OrderId];
        }

        await using var second = await GrainTestHost.StartAsync(time, _stores);
        var list = await second.Shopper("alice").ListOrders(new Empty()).WithTimeout();

        Assert.Equal(ids, list.Orders.Select(o => o.OrderId));
        Assert.All(list.Orders, o => Assert.Equal("alice", o.UserId));
    }

    [Fact]
    public async Task ListOrders_LapsedPendingOrder_ShowsExpired()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", paymentWindowSeconds: 30);
        await host.GrabAsync("alice");
        host.Time.Advance(TimeSpan.FromSeconds(31));

        var list = await host.Shopper("alice").ListOrders(new Empty()).WithTimeout();

        Assert.Equal(OrderState.Expired, list.Orders.Single().State);
    }
}

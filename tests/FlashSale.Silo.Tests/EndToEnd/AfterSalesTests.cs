using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using static FlashSale.Silo.Tests.Fixtures.SiloScenario;

namespace FlashSale.Silo.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class AfterSalesTests
{
    private const long Funds = 50_000;

    private static async Task<Order> PaidOrderAsync(TestSilo silo, string dropId, string userId)
    {
        await silo.CreditAsync(userId, Funds);
        var grab = await silo.Shop.GrabAsync(dropId, userId).WithTimeout();
        Assert.Equal(ResultCode.Ok, grab.Result);
        var paid = await silo.Shop.PayAsync(grab.Order.OrderId, userId).WithTimeout();
        Assert.Equal(ResultCode.Ok, paid.Result);
        return paid.Order;
    }

    [Fact]
    public async Task ReturnOrder_RetriedConcurrentlyOnManyConnections_RefundsOnce()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync();
        var (_, dropId) = await silo.OpenDropAsync(quantity: 10);
        var order = await PaidOrderAsync(silo, dropId, "ret-1");
        var shops = Enumerable.Range(0, 4).Select(_ => new ShopClient(silo.CreateChannel())).ToArray();

        // Act: the same return with one key and with other keys, all at once.
        var replies = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => shops[i % shops.Length].ReturnOrderAsync(
            new ReturnOrderRequest { OrderId = order.OrderId, UserId = "ret-1", IdempotencyKey = i % 2 == 0 ? "ret-key" : $"other-{i}" }))).WithTimeout();

        // Assert
        Assert.All(replies, r =>
        {
            Assert.Equal(ResultCode.Ok, r.Result);
            Assert.Equal(OrderState.Returned, r.Order.State);
            Assert.Equal(UnitPrice, r.RefundedAmount);
        });
        var wallet = await silo.WalletAsync("ret-1");
        Assert.Equal(Funds, wallet.Balance);
        Assert.Single(wallet.Entries, e => e.Kind == "refund" && e.Reference == order.OrderId);
        var status = await silo.DropStatusAsync(dropId);
        Assert.Equal((1, 1, 1, 1.0), (status.Sold, status.PaidOrders, status.ReturnedOrders, status.RefundRate));
    }

    [Fact]
    public async Task ReturnOrder_AfterConfiguredWindow_IsReturnWindowClosed()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            Storage = "memory",
            ExtraArgs = ["--Grains:AfterSales:ReturnWindow=00:00:01"],
        });
        var (_, dropId) = await silo.OpenDropAsync(quantity: 10);
        var order = await PaidOrderAsync(silo, dropId, "late-1");
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var reply = await silo.Shop.ReturnOrderAsync(new ReturnOrderRequest { OrderId = order.OrderId, UserId = "late-1" }).WithTimeout();

        Assert.Equal((ResultCode.ReturnWindowClosed, OrderState.Paid), (reply.Result, reply.Order.State));
        Assert.Equal(Funds - UnitPrice, (await silo.WalletAsync("late-1")).Balance);
    }

    [Fact]
    public async Task PausedDrop_RejectsGrabsFromManyClientsWhileAPendingPaymentCompletes()
    {
        // Arrange: one pending order, then the operator pauses the drop.
        await using var silo = await TestSilo.StartAsync();
        var (roomId, dropId) = await silo.OpenDropAsync(quantity: 50);
        await using var watch = new RoomWatch(silo.Shop, roomId);
        await watch.ReadyAsync();
        await silo.CreditAsync("early", Funds);
        var pending = await silo.Shop.GrabAsync(dropId, "early").WithTimeout();
        var paused = await silo.Admin.PauseDropAsync(new PauseDropRequest { DropId = dropId, Reason = "stock check" }).WithTimeout();
        var shops = Enumerable.Range(0, 4).Select(_ => new ShopClient(silo.CreateChannel())).ToArray();

        // Act: 200 grabs race the payment of the pending order.
        var grabs = Task.WhenAll(Enumerable.Range(0, 200).Select(i => shops[i % shops.Length].GrabAsync(dropId, $"late-{i}")));
        var pay = silo.Shop.PayAsync(pending.Order.OrderId, "early");
        var (grabReplies, paid) = (await grabs.WithTimeout(), await pay.WithTimeout());

        // Assert
        Assert.Equal((ResultCode.Ok, DropState.Paused), (paused.Result, paused.Drop.State));
        Assert.All(grabReplies, r => Assert.Equal(ResultCode.DropPaused, r.Result));
        Assert.Equal((ResultCode.Ok, OrderState.Paid), (paid.Result, paid.Order.State));
        var status = await silo.DropStatusAsync(dropId);
        Assert.Equal((1, 0, 49, true, "stock check"), (status.Sold, status.Reserved, status.Remaining, status.Paused, status.PauseReason));
        Assert.Equal("stock check", (await watch.WaitAsync(e => e.DropPaused is not null)).DropPaused.Reason);

        // Act + assert: resumed, the drop sells again and watchers are told.
        var resumed = await silo.Admin.ResumeDropAsync(new ResumeDropRequest { DropId = dropId }).WithTimeout();
        Assert.Equal((ResultCode.Ok, DropState.Open), (resumed.Result, resumed.Drop.State));
        Assert.Equal(ResultCode.Ok, (await silo.Shop.GrabAsync(dropId, "late-0").WithTimeout()).Result);
        Assert.Equal(dropId, (await watch.WaitAsync(e => e.DropResumed is not null)).DropResumed.DropId);
    }

    [Fact]
    public async Task PausedDrop_StaysPausedAcrossARestart()
    {
        await using var silo = await TestSilo.StartAsync();
        var (_, dropId) = await silo.OpenDropAsync(quantity: 5);
        await silo.Admin.PauseDropAsync(new PauseDropRequest { DropId = dropId }).WithTimeout();

        await silo.RestartAsync();

        Assert.Equal(ResultCode.DropPaused, (await silo.Shop.GrabAsync(dropId, "after").WithTimeout()).Result);
        Assert.Equal("operator", (await silo.DropStatusAsync(dropId)).PauseReason);
    }
}

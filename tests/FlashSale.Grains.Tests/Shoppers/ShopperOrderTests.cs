using FlashSale.Api.V1;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Tests.Shoppers;

public sealed class ShopperOrderTests
{
    [Fact]
    public async Task Cancel_PendingOrder_ReturnsUnitsAndCouponStaysUsable()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 1, unitPrice: 8_000);
        await host.CreditAsync("alice", 5_000);
        var coupon = await host.ClaimAsync("alice", "p1");
        var order = await host.GrabAsync("alice");
        await host.PayAsync("alice", order.OrderId, "pay-1", coupon.CouponId);

        var cancelled = await host.Shopper("alice").Cancel(new CancelOrderRequest { OrderId = order.OrderId, UserId = "alice" }).WithTimeout();

        Assert.Equal(ResultCode.Ok, cancelled.Result);
        Assert.Equal(OrderState.Cancelled, cancelled.Order.State);
        Assert.Equal(1, (await host.StatusAsync("d1")).Remaining);
        await host.CreditAsync("alice", 5_000);
        var next = await host.GrabAsync("alice");
        var paid = await host.PayAsync("alice", next.OrderId, "pay-2", coupon.CouponId);
        Assert.Equal((ResultCode.Ok, 1_000L), (paid.Result, paid.Order.DiscountAmount));
    }

    [Fact]
    public async Task Refund_PaidOrderTwice_CreditsWalletOnce()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", unitPrice: 4_000);
        await host.CreditAsync("alice", 10_000);
        var order = await host.GrabAsync("alice");
        await host.PayAsync("alice", order.OrderId, "pay-1");

        var first = await host.Shopper("alice").Refund(new RefundOrderRequest { OrderId = order.OrderId, IdempotencyKey = "r1" }).WithTimeout();
        var second = await host.Shopper("alice").Refund(new RefundOrderRequest { OrderId = order.OrderId, IdempotencyKey = "r1" }).WithTimeout();

        Assert.Equal(ResultCode.Ok, first.Result);
        Assert.Equal(ResultCode.Ok, second.Result);
        Assert.Equal(OrderState.Refunded, second.Order.State);
        Assert.Equal(10_000, await host.BalanceAsync("alice"));
    }

    [Fact]
    public async Task Refund_PendingOrder_IsNotRefundable()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1");
        var order = await host.GrabAsync("alice");

        var reply = await host.Shopper("alice").Refund(new RefundOrderRequest { OrderId = order.OrderId }).WithTimeout();

        Assert.Equal(ResultCode.NotRefundable, reply.Result);
    }

    [Fact]
    public async Task Grab_UsesTheShoppersMemberTierForEarlyAccess()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", opensIn: TimeSpan.FromMinutes(5), configure: r =>
        {
            r.EarlyAccessAt = Timestamp.FromDateTimeOffset(host.Now);
            r.EarlyAccessMinTier = 3;
        });
        var before = await host.Shopper("vip").Grab(new GrabRequest { DropId = "d1", Quantity = 1, IdempotencyKey = "g1" }).WithTimeout();

        await host.Shopper("vip").SetTier(new SetMemberTierRequest { UserId = "vip", Tier = 3 }).WithTimeout();
        var after = await host.Shopper("vip").Grab(new GrabRequest { DropId = "d1", Quantity = 1, IdempotencyKey = "g2" }).WithTimeout();

        Assert.Equal(ResultCode.EarlyAccessOnly, before.Result);
        Assert.Equal(ResultCode.Ok, after.Result);
    }

    [Fact]
    public async Task ListOrders_ShowsEachOrdersCurrentStateNewestFirst()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", unitPrice: 1_000);
        await host.CreditAsync("alice", 10_000);
        var first = await host.GrabAsync("alice");
        var second = await host.GrabAsync("alice");
        await host.PayAsync("alice", first.OrderId, "pay-1");

        var list = await host.Shopper("alice").ListOrders(new Empty()).WithTimeout();

        Assert.Equal([second.OrderId, first.OrderId], list.Orders.Select(o => o.OrderId));
        Assert.Equal([OrderState.PendingPayment, OrderState.Paid], list.Orders.Select(o => o.State));
    }

    [Fact]
    public async Task GetWallet_IncludesClaimedCoupons()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.CreditAsync("alice", 700);
        var coupon = await host.ClaimAsync("alice", "p1");

        var wallet = await host.Shopper("alice").GetWallet(new Empty()).WithTimeout();

        Assert.Equal(700, wallet.Balance);
        Assert.Equal(coupon.CouponId, Assert.Single(wallet.Coupons).CouponId);
    }
}

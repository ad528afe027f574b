using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Testing;

namespace FlashSale.Grains.Tests.Shoppers;

public sealed class ShopperPaymentTests
{
    [Fact]
    public async Task Pay_WithEnoughBalance_DebitsAndMarksPaid()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", unitPrice: 8_000);
        await host.CreditAsync("alice", 10_000);
        var order = await host.GrabAsync("alice");

        var paid = await host.PayAsync("alice", order.OrderId, "pay-1");

        Assert.Equal(ResultCode.Ok, paid.Result);
        Assert.Equal(OrderState.Paid, paid.Order.State);
        Assert.Equal((8_000L, 2_000L), (paid.Order.PaidAmount, paid.Balance));
        Assert.Equal(2_000, await host.BalanceAsync("alice"));
        Assert.Equal(1, (await host.StatusAsync("d1")).Sold);
    }

    [Fact]
    public async Task Pay_RetriedWithSameKey_DebitsOnceAndReturnsFirstAnswer()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", unitPrice: 3_000);
        await host.CreditAsync("alice", 10_000);
        var order = await host.GrabAsync("alice");

        var first = await host.PayAsync("alice", order.OrderId, "pay-1");
        var retry = await host.PayAsync("alice", order.OrderId, "pay-1");
        var otherKey = await host.PayAsync("alice", order.OrderId, "pay-2");

        Assert.Equal(first, retry);
        Assert.Equal(ResultCode.OrderNotPending, otherKey.Result);
        Assert.Equal(7_000, await host.BalanceAsync("alice"));
    }

    [Fact]
    public async Task Pay_InsufficientBalance_LeavesOrderPendingAndCouponUnredeemed()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", unitPrice: 8_000);
        await host.CreditAsync("alice", 5_000);
        var coupon = await host.ClaimAsync("alice", "p1");
        var order = await host.GrabAsync("alice");

        var reply = await host.PayAsync("alice", order.OrderId, "pay-1", coupon.CouponId);

        Assert.Equal(ResultCode.InsufficientBalance, reply.Result);
        Assert.Equal(5_000, await host.BalanceAsync("alice"));
        Assert.Equal(0, (await host.PoolStatusAsync("p1")).Redeemed);
        var current = await host.Drop("d1").GetOrder(new OrderRef { OrderId = order.OrderId }).WithTimeout();
        Assert.Equal(OrderState.PendingPayment, current.Order.State);
    }

    [Fact]
    public async Task Pay_WithThresholdCoupon_DebitsTotalMinusDiscount()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", unitPrice: 6_000);
        await host.CreditAsync("alice", 10_000);
        var coupon = await host.ClaimAsync("alice", "p1", CouponKind.ThresholdOff, amountOff: 1_500);
        var order = await host.GrabAsync("alice");

        var paid = await host.PayAsync("alice", order.OrderId, "pay-1", coupon.CouponId);

        Assert.Equal(ResultCode.Ok, paid.Result);
        Assert.Equal((4_500L, 1_500L, coupon.CouponId), (paid.Order.PaidAmount, paid.Order.DiscountAmount, paid.Order.CouponId));
        Assert.Equal(5_500, await host.BalanceAsync("alice"));
        Assert.Equal(1, (await host.PoolStatusAsync("p1")).Redeemed);
    }

    [Fact]
    public async Task Pay_AfterDeadline_ReturnsExpiredAndTakesNothing()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", unitPrice: 1_000, paymentWindowSeconds: 60);
        await host.CreditAsync("alice", 10_000);
        var order = await host.GrabAsync("alice");
        host.Time.Advance(TimeSpan.FromSeconds(61));

        var reply = await host.PayAsync("alice", order.OrderId, "pay-1");

        Assert.Equal(ResultCode.OrderExpired, reply.Result);
        Assert.Equal(10_000, await host.BalanceAsync("alice"));
    }

    [Fact]
    public async Task Pay_SomeoneElsesOrder_IsNotFound()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", unitPrice: 1_000);
        await host.CreditAsync("mallory", 10_000);
        var order = await host.GrabAsync("alice");

        // Another user's order is reported as unknown: its existence is not revealed.
        await Assert.ThrowsAsync<EntityNotFoundException>(() => host.PayAsync("mallory", order.OrderId, "pay-1"));

        Assert.Equal(10_000, await host.BalanceAsync("mallory"));
    }
}

using FlashSale.Api.V1;
using FlashSale.Testing;

namespace FlashSale.Grains.Tests.Shoppers;

/// <summary>Every call crosses protobuf serialization as it would between silos, which proves the
/// grains never rely on sharing a request or reply object with their caller.</summary>
public sealed class SerializedCallsTests
{
    [Fact]
    public async Task GrabPayRefund_WithSerializedCalls_MovesMoneyOnce()
    {
        await using var host = await GrainTestHost.StartAsync(serializeCalls: true);
        await host.ScheduleDropAsync("d1", quantity: 2, unitPrice: 3_000);
        await host.CreditAsync("alice", 10_000);
        var coupon = await host.ClaimAsync("alice", "p1", CouponKind.PercentOff);
        var order = await host.GrabAsync("alice");

        var paid = await host.PayAsync("alice", order.OrderId, "pay-1", coupon.CouponId);
        var retried = await host.PayAsync("alice", order.OrderId, "pay-1", coupon.CouponId);
        var refunded = await host.Shopper("alice").Refund(new RefundOrderRequest { OrderId = order.OrderId }).WithTimeout();

        Assert.Equal((ResultCode.Ok, 300L), (paid.Result, paid.Order.DiscountAmount));
        Assert.Equal(paid, retried);
        Assert.Equal(OrderState.Refunded, refunded.Order.State);
        Assert.Equal(10_000, await host.BalanceAsync("alice"));
        var status = await host.StatusAsync("d1");
        Assert.Equal((1, 1), (status.Sold, status.Remaining));
    }
}

using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Grains.Tests.Fakes;
using FlashSale.Grains.Tests.Shoppers;
using FlashSale.Testing;

namespace FlashSale.Grains.Tests.AfterSales;

public sealed class ReturnOrderTests
{
    [Fact]
    public async Task Return_WithinWindow_RefundsPaidAmountAndMarksReturned()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", unitPrice: 8_000);
        var order = await host.PaidOrderAsync("alice");
        host.Time.Advance(TimeSpan.FromDays(6));

        var reply = await host.ReturnAsync("alice", order.OrderId);

        Assert.Equal(ResultCode.Ok, reply.Result);
        Assert.Equal(OrderState.Returned, reply.Order.State);
        Assert.Equal((8_000L, 20_000L), (reply.RefundedAmount, reply.Balance));
        Assert.Equal(20_000, await host.BalanceAsync("alice"));
        var status = await host.StatusAsync("d1");
        Assert.Equal((1, 1, 1, 1.0), (status.Sold, status.PaidOrders, status.ReturnedOrders, status.RefundRate));
    }

    [Fact]
    public async Task Return_AfterWindow_ReturnsWindowClosedAndKeepsMoney()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", unitPrice: 8_000);
        var order = await host.PaidOrderAsync("alice");
        host.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        var reply = await host.ReturnAsync("alice", order.OrderId);

        Assert.Equal(ResultCode.ReturnWindowClosed, reply.Result);
        Assert.Equal(OrderState.Paid, reply.Order.State);
        Assert.Equal(12_000, await host.BalanceAsync("alice"));
    }

    [Fact]
    public async Task Return_ConfiguredWindow_AppliesInsteadOfSevenDays()
    {
        await using var host = await GrainTestHost.StartAsync(configure: silo =>
            Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.Configure<Grains.AfterSales.AfterSalesOptions>(silo.Services, o => o.ReturnWindow = TimeSpan.FromHours(1)));
        await host.ScheduleDropAsync("d1", unitPrice: 8_000);
        var order = await host.PaidOrderAsync("alice");
        host.Time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(ResultCode.ReturnWindowClosed, (await host.ReturnAsync("alice", order.OrderId)).Result);
    }

    [Fact]
    public async Task Return_Retried_RefundsOnceAndAnswersOkAgainEvenAfterWindow()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", unitPrice: 8_000);
        var order = await host.PaidOrderAsync("alice");

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.ReturnAsync("alice", order.OrderId)));
        host.Time.Advance(TimeSpan.FromDays(30));
        var late = await host.ReturnAsync("alice", order.OrderId);

        Assert.All(replies.Append(late), r => Assert.Equal(ResultCode.Ok, r.Result));
        Assert.Equal(20_000, await host.BalanceAsync("alice"));
        var wallet = await host.Wallet("alice").Get(new Google.Protobuf.WellKnownTypes.Empty()).WithTimeout();
        Assert.Single(wallet.Entries, e => e.Kind == "refund");
        Assert.Equal(1, (await host.StatusAsync("d1")).ReturnedOrders);
    }

    [Fact]
    public async Task Return_WithCoupon_RefundsAmountPaidAndDoesNotRestoreCoupon()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", unitPrice: 8_000);
        var coupon = await host.ClaimAsync("alice", "p1", amountOff: 1_000);
        var order = await host.PaidOrderAsync("alice", couponId: coupon.CouponId);

        var reply = await host.ReturnAsync("alice", order.OrderId);

        Assert.Equal((ResultCode.Ok, 7_000L), (reply.Result, reply.RefundedAmount));
        Assert.Equal(20_000, await host.BalanceAsync("alice"));
        var held = await host.Pool("p1").GetCoupon(new CouponClaim { UserId = "alice" }).WithTimeout();
        Assert.Equal(order.OrderId, held.Coupon.RedeemedByOrderId);
        Assert.Equal(1, (await host.PoolStatusAsync("p1")).Redeemed);
    }

    [Fact]
    public async Task Return_PendingOrRefundedOrder_IsNotRefundable()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", unitPrice: 1_000);
        var pending = await host.GrabAsync("alice");
        var paid = await host.PaidOrderAsync("bob");
        await host.Shopper("bob").Refund(new RefundOrderRequest { OrderId = paid.OrderId, IdempotencyKey = "r1" }).WithTimeout();

        Assert.Equal(ResultCode.NotRefundable, (await host.ReturnAsync("alice", pending.OrderId)).Result);
        Assert.Equal(ResultCode.NotRefundable, (await host.ReturnAsync("bob", paid.OrderId)).Result);
        Assert.Equal(20_000, await host.BalanceAsync("bob"));
    }

    [Fact]
    public async Task Return_SomeoneElsesOrder_IsNotFound()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", unitPrice: 1_000);
        var order = await host.PaidOrderAsync("alice");

        await Assert.ThrowsAsync<EntityNotFoundException>(() => host.ReturnAsync("mallory", order.OrderId));
        Assert.Equal(19_000, await host.BalanceAsync("alice"));
    }

    [Fact]
    public async Task Return_CutOffBeforeRefund_IsFinishedOnShopperActivation()
    {
        var stores = TestStores.OutlivingTheSilo();
        var time = new FakeTimeProvider();
        string orderId;
        await using (var first = await GrainTestHost.StartAsync(time, stores))
        {
            await first.ScheduleDropAsync("d1", unitPrice: 5_000);
            orderId = (await first.PaidOrderAsync("alice")).OrderId;

            // A crash after the drop marked the order returned, before the wallet refund: the
            // shopper's state holds the pending return, the drop the Returned order.
            var marked = await first.Drop("d1").MarkReturned(new ReturnOrder { OrderId = orderId, UserId = "alice" }).WithTimeout();
            Assert.Equal(ResultCode.Ok, marked.Result);
            var shopper = await first.ReadStateAsync<ShopperGrainState>("shopper", "alice");
            shopper.State!.PendingReturns.Add(orderId);
            await first.WriteStateAsync("shopper", "alice", shopper.State);
        }

        await using var second = await GrainTestHost.StartAsync(time, stores);
        await second.Shopper("alice").ListOrders(new Google.Protobuf.WellKnownTypes.Empty()).WithTimeout();

        Assert.Equal(20_000, await second.BalanceAsync("alice"));
        Assert.Empty((await second.ReadStateAsync<ShopperGrainState>("shopper", "alice")).State!.PendingReturns);
    }
}

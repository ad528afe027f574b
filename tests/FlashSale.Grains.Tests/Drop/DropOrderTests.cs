using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Testing;

namespace FlashSale.Grains.Tests.Drop;

public sealed class DropOrderTests
{
    [Fact]
    public async Task ConfirmPayment_BeforeDeadline_MarksPaidAndMovesUnitsToSold()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 5);
        var grab = await host.GrabAsync("d1", "alice", quantity: 2);

        var paid = await host.Drop("d1").ConfirmPayment(new ConfirmPayment
        {
            OrderId = grab.Order.OrderId, UserId = "alice", PaidAmount = 15_000, DiscountAmount = 5_000, CouponId = "p/1",
        }).WithTimeout();

        Assert.Equal(ResultCode.Ok, paid.Result);
        Assert.Equal(OrderState.Paid, paid.Order.State);
        Assert.Equal((15_000, 5_000, "p/1"), (paid.Order.PaidAmount, paid.Order.DiscountAmount, paid.Order.CouponId));
        var status = await host.StatusAsync("d1");
        Assert.Equal((2, 0, 3), (status.Sold, status.Reserved, status.Remaining));
    }

    [Fact]
    public async Task ConfirmPayment_AfterDeadline_ReturnsExpiredAndReturnsUnits()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 5, paymentWindowSeconds: 60);
        var grab = await host.GrabAsync("d1", "alice", quantity: 2);
        host.Time.Advance(TimeSpan.FromSeconds(61));

        var late = await host.Drop("d1").ConfirmPayment(new ConfirmPayment { OrderId = grab.Order.OrderId, UserId = "alice" }).WithTimeout();

        Assert.Equal(ResultCode.OrderExpired, late.Result);
        Assert.Equal(OrderState.Expired, late.Order.State);
        Assert.Equal(5, (await host.StatusAsync("d1")).Remaining);
    }

    [Fact]
    public async Task UnpaidOrder_PastDeadline_ExpiresByReminderAndUnitsReturn()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 3, paymentWindowSeconds: 30);
        var grab = await host.GrabAsync("d1", "alice", quantity: 3);
        Assert.Equal(0, grab.Remaining);
        using var events = host.Collect("room-1");

        // Only the expiry itself publishes the returned units; nothing here calls the drop.
        var level = await host.AdvanceUntilAsync(events, e => e.StockLevel is { Remaining: 3 }, TimeSpan.FromSeconds(60));
        Assert.True(host.Now >= grab.Order.PaymentDeadline.ToDateTimeOffset());
        Assert.Equal(0, level.StockLevel.Reserved);
        var order = await host.Drop("d1").GetOrder(new OrderRef { OrderId = grab.Order.OrderId }).WithTimeout();
        Assert.Equal(OrderState.Expired, order.Order.State);
        Assert.Equal(ResultCode.Ok, (await host.GrabAsync("d1", "bob", quantity: 3)).Result);
    }

    [Fact]
    public async Task Cancel_PendingOrder_ReturnsUnitsAndIsIdempotent()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 4);
        var grab = await host.GrabAsync("d1", "alice", quantity: 4);

        var cancelled = await host.Drop("d1").Cancel(new OrderRef { OrderId = grab.Order.OrderId }).WithTimeout();
        var again = await host.Drop("d1").Cancel(new OrderRef { OrderId = grab.Order.OrderId }).WithTimeout();

        Assert.Equal(ResultCode.Ok, cancelled.Result);
        Assert.Equal(ResultCode.Ok, again.Result);
        Assert.Equal(OrderState.Cancelled, again.Order.State);
        Assert.Equal(4, (await host.StatusAsync("d1")).Remaining);
    }

    [Fact]
    public async Task MarkRefunded_OnlyFromPaid_AndUnitsStaySold()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 4);
        var grab = await host.GrabAsync("d1", "alice");
        var orderRef = new OrderRef { OrderId = grab.Order.OrderId };

        var early = await host.Drop("d1").MarkRefunded(orderRef).WithTimeout();
        await host.Drop("d1").ConfirmPayment(new ConfirmPayment { OrderId = grab.Order.OrderId, UserId = "alice", PaidAmount = 1 }).WithTimeout();
        var refunded = await host.Drop("d1").MarkRefunded(orderRef).WithTimeout();

        Assert.Equal(ResultCode.NotRefundable, early.Result);
        Assert.Equal(ResultCode.Ok, refunded.Result);
        Assert.Equal(OrderState.Refunded, refunded.Order.State);
        var status = await host.StatusAsync("d1");
        Assert.Equal((1, 3), (status.Sold, status.Remaining));
    }

    [Fact]
    public async Task GetOrder_UnknownOrder_ReturnsUnspecified()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1");

        var reply = await host.Drop("d1").GetOrder(new OrderRef { OrderId = "d1/99" }).WithTimeout();

        Assert.Equal(ResultCode.Unspecified, reply.Result);
    }

    [Theory]
    [InlineData("d1/01")]
    [InlineData("d1/0")]
    [InlineData("d1/-1")]
    [InlineData("d1/1x")]
    [InlineData("d1/")]
    [InlineData("d2/1")]
    [InlineData("d/1")]
    [InlineData("xd1/1")]
    [InlineData("")]
    public async Task GetOrder_IdThatIsNotTheDropsCanonicalId_ReturnsUnspecified(string orderId)
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1");
        var grab = await host.GrabAsync("d1", "alice");
        Assert.Equal("d1/1", grab.Order.OrderId);

        var reply = await host.Drop("d1").GetOrder(new OrderRef { OrderId = orderId }).WithTimeout();

        Assert.Equal(ResultCode.Unspecified, reply.Result);
        Assert.Equal(ResultCode.Ok, (await host.Drop("d1").GetOrder(new OrderRef { OrderId = "d1/1" }).WithTimeout()).Result);
    }

    [Fact]
    public async Task ClockSteppedBack_LaterOrderLapsesFirst_IsNeverPaidOrCancelledAfterItsDeadline()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 5, paymentWindowSeconds: 60, opensIn: TimeSpan.FromMinutes(-5));
        var first = await host.GrabAsync("d1", "alice");
        host.Time.StepBack(TimeSpan.FromSeconds(30));
        var second = await host.GrabAsync("d1", "bob");
        var third = await host.GrabAsync("d1", "carol");
        Assert.True(second.Order.PaymentDeadline.ToDateTimeOffset() < first.Order.PaymentDeadline.ToDateTimeOffset());

        // Past the later orders' deadlines, still before the first order's.
        host.Time.Advance(TimeSpan.FromSeconds(65));

        var paid = await host.Drop("d1").ConfirmPayment(new ConfirmPayment { OrderId = second.Order.OrderId, UserId = "bob", PaidAmount = 1 }).WithTimeout();
        var cancelled = await host.Drop("d1").Cancel(new OrderRef { OrderId = third.Order.OrderId }).WithTimeout();
        var firstPaid = await host.Drop("d1").ConfirmPayment(new ConfirmPayment { OrderId = first.Order.OrderId, UserId = "alice", PaidAmount = 1 }).WithTimeout();

        Assert.Equal((ResultCode.OrderExpired, OrderState.Expired), (paid.Result, paid.Order.State));
        Assert.Equal((ResultCode.OrderExpired, OrderState.Expired), (cancelled.Result, cancelled.Order.State));
        Assert.Equal((ResultCode.Ok, OrderState.Paid), (firstPaid.Result, firstPaid.Order.State));
        var status = await host.StatusAsync("d1");
        Assert.Equal((1, 0, 4), (status.Sold, status.Reserved, status.Remaining));
    }
}

using FlashSale.Api.V1;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Tests.Drop;

public sealed class DropGrabTests
{
    [Fact]
    public async Task Grab_WhenOpen_ReservesUnitsAndCreatesPendingOrder()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 10, unitPrice: 2_500, paymentWindowSeconds: 60);

        var reply = await host.GrabAsync("d1", "alice", quantity: 2);

        Assert.Equal(ResultCode.Ok, reply.Result);
        Assert.Equal(8, reply.Remaining);
        Assert.Equal(OrderState.PendingPayment, reply.Order.State);
        Assert.Equal(5_000, reply.Order.TotalAmount);
        Assert.Equal(host.Now.AddSeconds(60), reply.Order.PaymentDeadline.ToDateTimeOffset());
        Assert.True(OrderId.TryParse(reply.Order.OrderId, out var dropId, out _));
        Assert.Equal("d1", dropId);
        var status = await host.StatusAsync("d1");
        Assert.Equal((2, 8, 0), (status.Reserved, status.Remaining, status.Sold));
    }

    [Fact]
    public async Task Grab_WhenSoldOut_ReturnsSoldOutAndKeepsStock()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 3);
        await host.GrabAsync("d1", "alice", quantity: 2);

        var reply = await host.GrabAsync("d1", "bob", quantity: 2);

        Assert.Equal(ResultCode.SoldOut, reply.Result);
        Assert.Null(reply.Order);
        var status = await host.StatusAsync("d1");
        Assert.Equal((2, 1), (status.Reserved, status.Remaining));
    }

    [Fact]
    public async Task Grab_BeyondPerUserLimit_ReturnsLimitReached()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 10, perUserLimit: 2);
        Assert.Equal(ResultCode.Ok, (await host.GrabAsync("d1", "alice")).Result);
        Assert.Equal(ResultCode.Ok, (await host.GrabAsync("d1", "alice")).Result);

        var third = await host.GrabAsync("d1", "alice");
        var other = await host.GrabAsync("d1", "bob", quantity: 2);

        Assert.Equal(ResultCode.LimitReached, third.Result);
        Assert.Equal(ResultCode.Ok, other.Result);
    }

    [Fact]
    public async Task Grab_AfterOwnOrderCancelled_GivesAllowanceBack()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 10, perUserLimit: 1);
        var first = await host.GrabAsync("d1", "alice");
        await host.Drop("d1").Cancel(new Protos.OrderRef { OrderId = first.Order.OrderId }).WithTimeout();

        var again = await host.GrabAsync("d1", "alice");

        Assert.Equal(ResultCode.Ok, again.Result);
    }

    [Fact]
    public async Task Grab_BeforeOpening_ReturnsNotStarted()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", opensIn: TimeSpan.FromMinutes(5));

        var reply = await host.GrabAsync("d1", "alice", tier: 9);

        Assert.Equal(ResultCode.NotStarted, reply.Result);
        Assert.Equal(DropState.Scheduled, (await host.StatusAsync("d1")).State);
    }

    [Fact]
    public async Task Grab_DuringEarlyAccess_AdmitsOnlyMembersOfTheTier()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", opensIn: TimeSpan.FromMinutes(5), configure: r =>
        {
            r.EarlyAccessAt = Timestamp.FromDateTimeOffset(host.Now.AddMinutes(-1));
            r.EarlyAccessMinTier = 2;
        });

        var member = await host.GrabAsync("d1", "vip", tier: 2);
        var regular = await host.GrabAsync("d1", "bob", tier: 1);

        Assert.Equal(ResultCode.Ok, member.Result);
        Assert.Equal(ResultCode.EarlyAccessOnly, regular.Result);
        Assert.Equal(DropState.EarlyAccess, (await host.StatusAsync("d1")).State);
    }

    [Fact]
    public async Task Grab_AfterClose_ReturnsEnded()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1");
        await host.Drop("d1").Close(new Empty()).WithTimeout();

        var reply = await host.GrabAsync("d1", "alice");

        Assert.Equal(ResultCode.Ended, reply.Result);
        Assert.Equal(DropState.Closed, (await host.StatusAsync("d1")).State);
    }

    [Fact]
    public async Task Grab_AfterClosesAt_ReturnsEnded()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", closesIn: TimeSpan.FromMinutes(1));
        host.Time.Advance(TimeSpan.FromMinutes(2));

        var reply = await host.GrabAsync("d1", "alice");

        Assert.Equal(ResultCode.Ended, reply.Result);
    }

    [Fact]
    public async Task Grab_UnknownDrop_ThrowsNotFound()
    {
        await using var host = await GrainTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<EntityNotFoundException>(() => host.GrabAsync("nope", "alice"));

        Assert.Equal("drop 'nope' not found", error.Message);
    }
}

using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Grains.Tests.Fakes;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Tests.GroupCommit;

public sealed class DropConfirmGroupCommitTests
{
    [Fact]
    public async Task ConfirmPayment_QueuedTogether_AppliesEachInOrderWithOneWrite()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("pay", quantity: 10);
        var drop = host.Drop("pay");
        var a = (await drop.Grab(new DropGrab { UserId = "a", Quantity = 1, IdempotencyKey = "ka" }).WithTimeout()).Order;
        var b = (await drop.Grab(new DropGrab { UserId = "b", Quantity = 2, IdempotencyKey = "kb" }).WithTimeout()).Order;
        host.Storage.CloseGate();
        var held = drop.Grab(new DropGrab { UserId = "z", Quantity = 1, IdempotencyKey = "kz" });
        await host.Storage.WriteHeld.WithTimeout();
        var writesBefore = host.Storage.Writes(FakeDropStore.Kind);

        // Queued behind the held write, so they run as one batch once it completes.
        var batch = new[]
        {
            Confirm(drop, a.OrderId, "a"),
            Confirm(drop, a.OrderId, "a"),
            Confirm(drop, b.OrderId, "someone-else"),
            Confirm(drop, b.OrderId, "b"),
            Confirm(drop, "pay/99", "a"),
        };
        host.Storage.OpenGate();
        await held.WithTimeout();
        var r = await Task.WhenAll(batch).WithTimeout();

        Assert.Equal(
            [ResultCode.Ok, ResultCode.Ok, ResultCode.Unspecified, ResultCode.Ok, ResultCode.Unspecified],
            r.Select(x => x.Result));
        Assert.Equal(OrderState.Paid, r[1].Order.State);
        Assert.Equal(1, host.Storage.Writes(FakeDropStore.Kind) - writesBefore - 1);
        var status = await drop.GetStatus(new Empty()).WithTimeout();
        Assert.Equal((3, 1), (status.Sold, status.Reserved));
        var rows = await host.Stores.Drops.ReadOrdersAsync("pay", CancellationToken.None).WithTimeout();
        Assert.Equal(2, rows.Count(row => row.State == "Paid"));
    }

    [Fact]
    public async Task ConfirmPayment_AfterDeadline_AnswersExpiredAndReturnsUnits()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("late", quantity: 1);
        var drop = host.Drop("late");
        var order = (await drop.Grab(new DropGrab { UserId = "a", Quantity = 1, IdempotencyKey = "k" }).WithTimeout()).Order;
        host.Time.Advance(TimeSpan.FromHours(1));

        var reply = await Confirm(drop, order.OrderId, "a").WithTimeout();

        Assert.Equal(ResultCode.OrderExpired, reply.Result);
        Assert.Equal(1, (await drop.GetStatus(new Empty()).WithTimeout()).Remaining);
    }

    private static Task<OrderReply> Confirm(IDropGrain drop, string orderId, string userId) =>
        drop.ConfirmPayment(new ConfirmPayment { OrderId = orderId, UserId = userId, PaidAmount = 100 });
}

using FlashSale.Api.V1;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Tests.Drop;

public sealed class DropIdempotencyTests
{
    [Fact]
    public async Task Grab_RetriedWithSameKey_ReturnsSameOrderWithoutReservingAgain()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 5);

        var first = await host.GrabAsync("d1", "alice", key: "k1");
        var retry = await host.GrabAsync("d1", "alice", key: "k1");

        Assert.Equal(ResultCode.Ok, retry.Result);
        Assert.Equal(first.Order.OrderId, retry.Order.OrderId);
        Assert.Equal(4, (await host.StatusAsync("d1")).Remaining);
        Assert.Single((await host.Drop("d1").ListOrders(new ListDropOrdersRequest()).WithTimeout()).Orders);
    }

    [Fact]
    public async Task Grab_SameKeyDifferentQuantity_ReturnsKeyReused()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 5);
        await host.GrabAsync("d1", "alice", key: "k1");

        var reused = await host.GrabAsync("d1", "alice", quantity: 2, key: "k1");

        Assert.Equal(ResultCode.IdempotencyKeyReused, reused.Result);
        Assert.Equal(4, (await host.StatusAsync("d1")).Remaining);
    }

    [Fact]
    public async Task Grab_SameKeyOtherUser_IsIndependent()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 5);
        var alice = await host.GrabAsync("d1", "alice", key: "k1");

        var bob = await host.GrabAsync("d1", "bob", key: "k1");

        Assert.Equal(ResultCode.Ok, bob.Result);
        Assert.NotEqual(alice.Order.OrderId, bob.Order.OrderId);
    }

    [Fact]
    public async Task Schedule_SameParametersTwice_IsOkAndDifferentParametersAlreadyExists()
    {
        await using var host = await GrainTestHost.StartAsync();
        var request = new ScheduleDropRequest
        {
            DropId = "d1", RoomId = "r1", Title = "Tea", UnitPrice = 100, Quantity = 5,
            OpensAt = Timestamp.FromDateTimeOffset(host.Now),
        };
        await host.Drop("d1").Schedule(request).WithTimeout();

        var same = await host.Drop("d1").Schedule(request).WithTimeout();
        var changed = request.Clone();
        changed.Quantity = 6;
        var different = await host.Drop("d1").Schedule(changed).WithTimeout();

        Assert.Equal(ResultCode.Ok, same.Result);
        Assert.Equal(ResultCode.AlreadyExists, different.Result);
        Assert.Equal(5, different.Drop.Quantity);
        Assert.Equal(300, same.Drop.PaymentWindowSeconds);
    }
}

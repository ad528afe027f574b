using FlashSale.Api.V1;
using FlashSale.Testing;

namespace FlashSale.Grains.Tests.Drop;

public sealed class DropConcurrencyTests
{
    [Fact]
    public async Task Grab_200ConcurrentFor50Units_CreatesExactly50Orders()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 50);

        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            host.Drop("d1").Grab(new Protos.DropGrab { UserId = $"u{i}", Quantity = 1, IdempotencyKey = $"k{i}" }))).WithTimeout();

        Assert.Equal(50, replies.Count(r => r.Result == ResultCode.Ok));
        Assert.Equal(150, replies.Count(r => r.Result == ResultCode.SoldOut));
        Assert.Equal(50, replies.Where(r => r.Result == ResultCode.Ok).Select(r => r.Order.OrderId).Distinct().Count());
        var status = await host.StatusAsync("d1");
        Assert.True(status.Sold + status.Reserved <= status.Quantity);
        Assert.Equal((50, 0), (status.Reserved, status.Remaining));
        Assert.Equal(50, (await host.Drop("d1").ListOrders(new ListDropOrdersRequest()).WithTimeout()).Orders.Count);
    }

    [Fact]
    public async Task Grab_ConcurrentBySameUser_NeverExceedsPerUserLimit()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 100, perUserLimit: 3);

        var replies = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            host.Drop("d1").Grab(new Protos.DropGrab { UserId = "alice", Quantity = 1, IdempotencyKey = $"k{i}" }))).WithTimeout();

        Assert.Equal(3, replies.Count(r => r.Result == ResultCode.Ok));
        Assert.Equal(37, replies.Count(r => r.Result == ResultCode.LimitReached));
    }
}

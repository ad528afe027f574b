using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Grains.Tests.Fakes;
using FlashSale.Storage.Domain;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Tests.GroupCommit;

public sealed class DropGroupCommitTests
{
    [Fact]
    public async Task Grab_500ConcurrentFor100Units_SellsExactly100WithFewerWritesThanOrders()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("hot", quantity: 100);
        host.Storage.WriteDelay = TimeSpan.FromMilliseconds(2);
        var writesBefore = host.Storage.Writes(FakeDropStore.Kind);
        using var stop = new CancellationTokenSource();
        var watcher = WatchStockAsync(host.Drop("hot"), stop.Token);

        var replies = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(() =>
            host.Drop("hot").Grab(new DropGrab { UserId = $"u{i}", Quantity = 1, IdempotencyKey = $"k{i}" })))).WithTimeout();
        await stop.CancelAsync();
        var maxHeld = await watcher.WithTimeout();

        var status = await host.Drop("hot").GetStatus(new Empty()).WithTimeout();
        var orders = await host.Drop("hot").ListOrders(new ListDropOrdersRequest()).WithTimeout();
        Assert.Equal(100, replies.Count(r => r.Result == ResultCode.Ok));
        Assert.Equal(400, replies.Count(r => r.Result == ResultCode.SoldOut));
        Assert.Equal(100, status.Sold + status.Reserved);
        Assert.Equal(100, orders.Orders.Count);
        Assert.Equal(100, orders.Orders.Select(o => o.OrderId).Distinct().Count());
        Assert.InRange(maxHeld, 0, 100);
        var writes = host.Storage.Writes(FakeDropStore.Kind) - writesBefore;
        Assert.True(writes < 100, $"{writes} drop writes for 100 orders");
    }

    [Fact]
    public async Task Grab_BatchWithRepeatedUsersAndKeys_AppliesEachInOrder()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("mixed", quantity: 10, perUserLimit: 2);
        var drop = host.Drop("mixed");
        host.Storage.CloseGate();
        var first = drop.Grab(new DropGrab { UserId = "z", Quantity = 1, IdempotencyKey = "z1" });
        await host.Storage.WriteHeld.WithTimeout();
        var writesBefore = host.Storage.Writes(FakeDropStore.Kind);

        // Queued behind the held write, so they run as one batch once it completes.
        var batch = new[]
        {
            Grab(drop, "u1", "k1"),
            Grab(drop, "u1", "k1"),
            Grab(drop, "u1", "k2"),
            Grab(drop, "u1", "k3"),
            Grab(drop, "u2", "k1"),
            Grab(drop, "u2", "k1", quantity: 2),
            Grab(drop, "u1", "k3"),
        };
        host.Storage.OpenGate();
        Assert.Equal(ResultCode.Ok, (await first.WithTimeout()).Result);
        var r = await Task.WhenAll(batch).WithTimeout();

        Assert.Equal(ResultCode.Ok, r[0].Result);
        Assert.Equal(ResultCode.Ok, r[1].Result);
        Assert.Equal(r[0].Order.OrderId, r[1].Order.OrderId);
        Assert.Equal(ResultCode.Ok, r[2].Result);
        Assert.NotEqual(r[0].Order.OrderId, r[2].Order.OrderId);
        Assert.Equal(ResultCode.LimitReached, r[3].Result);
        Assert.Equal(ResultCode.Ok, r[4].Result);
        Assert.NotEqual(r[0].Order.OrderId, r[4].Order.OrderId);
        Assert.Equal(ResultCode.IdempotencyKeyReused, r[5].Result);
        Assert.Equal(ResultCode.LimitReached, r[6].Result);
        Assert.Equal(1, host.Storage.Writes(FakeDropStore.Kind) - writesBefore - 1);
        var status = await drop.GetStatus(new Empty()).WithTimeout();
        Assert.Equal(4, status.Reserved);
        Assert.Equal(4, (await host.Stores.Drops.ReadOrdersAsync("mixed", CancellationToken.None).WithTimeout()).Count);
    }

    [Fact]
    public async Task Grab_WhenStorageFailsDuringBatches_OnlyAcknowledgedGrabsRemain()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("flaky", quantity: 300);
        host.Storage.WriteDelay = TimeSpan.FromMilliseconds(2);

        // Three waves, each starting with a failed write: later waves fail on top of sold stock.
        var outcomes = new List<ResultCode>();
        for (var wave = 0; wave < 3; wave++)
        {
            host.Storage.FailNextWrites(1);
            var offset = wave * 100;
            outcomes.AddRange(await Task.WhenAll(Enumerable.Range(offset, 100).Select(i => Task.Run(() => GrabOrFailureAsync(host.Drop("flaky"), i)))).WithTimeout());
        }

        var acknowledged = outcomes.Count(r => r == ResultCode.Ok);
        var status = await host.Drop("flaky").GetStatus(new Empty()).WithTimeout();
        var rows = await host.Stores.Drops.ReadOrdersAsync("flaky", CancellationToken.None).WithTimeout();
        Assert.True(outcomes.Count(r => r == ResultCode.Unspecified) >= 3);
        Assert.Equal(outcomes.Count, acknowledged + outcomes.Count(r => r == ResultCode.Unspecified));
        Assert.Equal(acknowledged, status.Sold + status.Reserved);
        Assert.Equal(acknowledged, rows.Count);
        Assert.Equal(300 - acknowledged, status.Remaining);
    }

    [Fact]
    public async Task Grab_ManyWhileAWriteIsHeld_NoneAnsweredBeforeTheirWriteAndOneWriteCoversThem()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("held", quantity: 100);
        var drop = host.Drop("held");
        host.Storage.CloseGate();
        var first = Grab(drop, "z", "z1");
        await host.Storage.WriteHeld.WithTimeout();
        var writesBefore = host.Storage.Writes(FakeDropStore.Kind);

        var grabs = Enumerable.Range(0, 50).Select(i => Task.Run(() => Grab(drop, $"u{i}", $"k{i}"))).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        // Applied in memory while the first write is held, yet none may be answered before a write covers it.
        Assert.False(first.IsCompleted);
        Assert.DoesNotContain(grabs, g => g.IsCompleted);
        host.Storage.OpenGate();
        var replies = await Task.WhenAll(grabs).WithTimeout();

        Assert.Equal(ResultCode.Ok, (await first.WithTimeout()).Result);
        Assert.All(replies, r => Assert.Equal(ResultCode.Ok, r.Result));
        var writes = host.Storage.Writes(FakeDropStore.Kind) - writesBefore;
        Assert.InRange(writes, 2, 3);
        Assert.Equal(51, (await host.Stores.Drops.ReadOrdersAsync("held", CancellationToken.None).WithTimeout()).Count);
    }

    [Fact]
    public async Task Grab_WhenTheirWriteFails_AllWaitingFailAndTheReactivatedDropHoldsOnlyWhatStorageHolds()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("fails", quantity: 10);
        var drop = host.Drop("fails");
        var kept = await Grab(drop, "a", "ka").WithTimeout();
        host.Storage.CloseGate();
        host.Storage.FailNextWrites(1);
        var held = GrabOrFailureAsync(drop, 100);
        await host.Storage.WriteHeld.WithTimeout();
        var waiting = Enumerable.Range(0, 5).Select(i => Task.Run(() => GrabOrFailureAsync(drop, i))).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var deactivated = host.Cluster.WaitForDeactivationAsync(drop);

        host.Storage.OpenGate();
        var outcomes = await Task.WhenAll(waiting.Prepend(held)).WithTimeout();
        await deactivated.WithTimeout();

        // The failed write took every grab it covered with it; the next activation reloads storage.
        Assert.All(outcomes, r => Assert.Equal(ResultCode.Unspecified, r));
        var status = await drop.GetStatus(new Empty()).WithTimeout();
        Assert.Equal((1, 9), (status.Reserved, status.Remaining));
        var orders = await drop.ListOrders(new ListDropOrdersRequest()).WithTimeout();
        Assert.Equal([kept.Order.OrderId], orders.Orders.Select(o => o.OrderId));
        var next = await Grab(drop, "b", "kb").WithTimeout();
        Assert.Equal("fails/2", next.Order.OrderId);
        Assert.Equal(2, (await host.Stores.Drops.ReadOrdersAsync("fails", CancellationToken.None).WithTimeout()).Count);
    }

    // A grab's result, or UNSPECIFIED when storage failed it.
    private static async Task<ResultCode> GrabOrFailureAsync(IDropGrain drop, int i)
    {
        try
        {
            return (await drop.Grab(new DropGrab { UserId = $"u{i}", Quantity = 1, IdempotencyKey = $"k{i}" })).Result;
        }
        catch (StorageUnavailableException)
        {
            return ResultCode.Unspecified;
        }
    }

    private static Task<GrabReply> Grab(IDropGrain drop, string user, string key, int quantity = 1) =>
        drop.Grab(new DropGrab { UserId = user, Quantity = quantity, IdempotencyKey = key });

    // Polls the status while grabs run; returns the most units ever seen sold or reserved.
    private static async Task<int> WatchStockAsync(IDropGrain drop, CancellationToken stop)
    {
        var max = 0;
        while (!stop.IsCancellationRequested)
        {
            var status = await drop.GetStatus(new Empty()).WithTimeout();
            max = Math.Max(max, status.Sold + status.Reserved);
            await Task.Yield();
        }

        return max;
    }
}

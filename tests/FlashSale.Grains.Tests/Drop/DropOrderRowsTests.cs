using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Grains.Tests.Fakes;
using FlashSale.Storage.Domain;
using FlashSale.Testing;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Tests.Drop;

/// <summary>The orders rows are the durable home of a drop's orders: the state blob stays small and
/// a new activation (here: a restarted silo on the same stores) rebuilds everything from rows.</summary>
public sealed class DropOrderRowsTests
{
    private readonly TestStores _stores = TestStores.OutlivingTheSilo();

    [Fact]
    public async Task StateBlob_AfterManyGrabs_HoldsNoOrdersAndStaysSmall()
    {
        await using var host = await GrainTestHost.StartAsync(stores: _stores);
        await host.ScheduleDropAsync("d1", quantity: 500);
        var small = await StoredStateAsync(host, "d1");
        for (var i = 0; i < 200; i++)
        {
            await host.GrabAsync("d1", "user-" + i);
        }

        var state = await StoredStateAsync(host, "d1");

        Assert.Empty(state.LegacyOrders);
        Assert.Equal(200, state.NextSequence);
        Assert.True(state.CalculateSize() < small.CalculateSize() + 64, $"state grew to {state.CalculateSize()} bytes");
        Assert.Equal(200, (await RowsOfDropAsync(host, "d1")).Count);
    }

    [Fact]
    public async Task Restart_RebuildsOrdersCountersAndIdempotencyFromRows()
    {
        var time = new FakeTimeProvider();
        string paidId;
        string pendingId;
        await using (var first = await GrainTestHost.StartAsync(time, _stores))
        {
            await first.ScheduleDropAsync("d1", quantity: 10, unitPrice: 1_000);
            paidId = (await first.GrabAsync("d1", "alice", quantity: 2, key: "k-paid")).Order.OrderId;
            pendingId = (await first.GrabAsync("d1", "bob", quantity: 3, key: "k-pending")).Order.OrderId;
            await first.Drop("d1").ConfirmPayment(new ConfirmPayment { OrderId = paidId, UserId = "alice", PaidAmount = 2_000 }).WithTimeout();
        }

        await using var second = await GrainTestHost.StartAsync(time, _stores);
        var retry = await second.GrabAsync("d1", "bob", quantity: 3, key: "k-pending");
        var status = await second.StatusAsync("d1");
        var orders = await second.Drop("d1").ListOrders(new ListDropOrdersRequest()).WithTimeout();
        var fresh = await second.GrabAsync("d1", "carol", key: "k-new");

        Assert.Equal((ResultCode.Ok, pendingId), (retry.Result, retry.Order.OrderId));
        Assert.Equal((2, 3, 5), (status.Sold, status.Reserved, status.Remaining));
        Assert.Equal([paidId, pendingId], orders.Orders.Select(o => o.OrderId));
        Assert.Equal([OrderState.Paid, OrderState.PendingPayment], orders.Orders.Select(o => o.State));
        Assert.Equal("Tea set d1", orders.Orders[0].Title);
        Assert.Equal("d1/3", fresh.Order.OrderId);
    }

    [Fact]
    public async Task Restart_RetryWithDifferentQuantity_IsRefusedAsKeyReuse()
    {
        var time = new FakeTimeProvider();
        await using (var first = await GrainTestHost.StartAsync(time, _stores))
        {
            await first.ScheduleDropAsync("d1", quantity: 10);
            await first.GrabAsync("d1", "alice", quantity: 1, key: "k1");
        }

        await using var second = await GrainTestHost.StartAsync(time, _stores);
        var reused = await second.GrabAsync("d1", "alice", quantity: 2, key: "k1");

        Assert.Equal(ResultCode.IdempotencyKeyReused, reused.Result);
        Assert.Equal(9, (await second.StatusAsync("d1")).Remaining);
    }

    [Fact]
    public async Task Restart_PerUserLimit_CountsUnitsFromRows()
    {
        var time = new FakeTimeProvider();
        await using (var first = await GrainTestHost.StartAsync(time, _stores))
        {
            await first.ScheduleDropAsync("d1", quantity: 10, perUserLimit: 2);
            await first.GrabAsync("d1", "alice", quantity: 2);
        }

        await using var second = await GrainTestHost.StartAsync(time, _stores);
        var over = await second.GrabAsync("d1", "alice");
        var other = await second.GrabAsync("d1", "bob", quantity: 2);

        Assert.Equal(ResultCode.LimitReached, over.Result);
        Assert.Equal(ResultCode.Ok, other.Result);
    }

    [Fact]
    public async Task StaleActivation_WritesNeitherStateNorRows()
    {
        // Two hosts on one database: each holds an activation of d1, as after a split membership view.
        await using var owner = await GrainTestHost.StartAsync(stores: _stores);
        await owner.ScheduleDropAsync("d1", quantity: 10);
        await using var stale = await GrainTestHost.StartAsync(owner.Time, _stores);
        await stale.StatusAsync("d1");
        await owner.GrabAsync("d1", "alice", key: "k-owner");
        var before = await StoredStateAsync(owner, "d1");

        var attempt = await Record.ExceptionAsync(() => stale.GrabAsync("d1", "bob", key: "k-stale"));

        Assert.NotNull(attempt);
        var after = await StoredStateAsync(owner, "d1");
        Assert.Equal(before, after);
        var rows = await RowsOfDropAsync(owner, "d1");
        Assert.Equal(["alice"], rows.Select(r => r.UserId));
        var again = await stale.GrabAsync("d1", "bob", key: "k-stale");
        Assert.Equal("d1/2", again.Order.OrderId);
    }

    [Fact]
    public async Task Activation_WithOrdersInAnOldStateBlob_MovesThemToRows()
    {
        await using (var first = await GrainTestHost.StartAsync(stores: _stores))
        {
            await first.ScheduleDropAsync("d1", quantity: 10);
        }

        var stored = (await _stores.Drops.ReadStateAsync("d1", CancellationToken.None).WithTimeout())!;
        var state = DropGrainState.Parser.ParseFrom(stored.Data);
        var legacy = new Order { OrderId = "d1/1", DropId = "d1", UserId = "alice", Quantity = 2, State = OrderState.PendingPayment, CreatedAt = state.Status.OpensAt, PaymentDeadline = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)) };
        state.LegacyOrders.Add(new DropOrderState { Order = legacy, IdempotencyKey = "k-old" });
        state.NextSequence = 1;
        state.Status.Reserved = 2;
        state.Status.Remaining = 8;
        await _stores.Drops.WriteAsync("d1", state.ToByteArray(), stored.Etag, [], CancellationToken.None).WithTimeout();

        await using var second = await GrainTestHost.StartAsync(stores: _stores);
        var retry = await second.GrabAsync("d1", "alice", quantity: 2, key: "k-old");

        Assert.Equal("d1/1", retry.Order.OrderId);
        Assert.Empty((await StoredStateAsync(second, "d1")).LegacyOrders);
        Assert.Equal("k-old", (await RowsOfDropAsync(second, "d1")).Single().IdempotencyKey);
    }

    private static async Task<DropGrainState> StoredStateAsync(GrainTestHost host, string dropId)
    {
        var stored = await host.Stores.Drops.ReadStateAsync(dropId, CancellationToken.None).WithTimeout();
        return DropGrainState.Parser.ParseFrom(stored!.Data);
    }

    private static Task<IReadOnlyList<OrderRow>> RowsOfDropAsync(GrainTestHost host, string dropId) =>
        host.Stores.Drops.ReadOrdersAsync(dropId, CancellationToken.None).WithTimeout();
}

using FlashSale.Api.V1;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class RestartDurabilityTests
{
    [Fact]
    public async Task Restart_OnSameSqliteData_KeepsOrdersDropStatusAndWalletAndKeepsSelling()
    {
        // Arrange: one paid order, one pending order.
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "sqlite" });
        var (roomId, dropId) = await silo.OpenDropAsync(quantity: 5);
        await silo.CreditAsync("eve", 30_000);
        var eveGrab = await silo.Shop.GrabAsync(dropId, "eve").WithTimeout();
        var evePay = await silo.Shop.PayAsync(eveGrab.Order.OrderId, "eve").WithTimeout();
        var fayGrab = await silo.Shop.GrabAsync(dropId, "fay", idempotencyKey: "fay-grab").WithTimeout();
        Assert.Equal(ResultCode.Ok, evePay.Result);
        Assert.Equal(ResultCode.Ok, fayGrab.Result);
        var ordersBefore = await silo.Admin.ListDropOrdersAsync(new ListDropOrdersRequest { DropId = dropId }).WithTimeout();
        var walletBefore = await silo.WalletAsync("eve");

        // Act
        await silo.RestartAsync();

        // Assert: everything acknowledged before the stop is still there.
        var status = await silo.DropStatusAsync(dropId);
        Assert.Equal((1, 1, 3), (status.Sold, status.Reserved, status.Remaining));
        var ordersAfter = await silo.Admin.ListDropOrdersAsync(new ListDropOrdersRequest { DropId = dropId }).WithTimeout();
        Assert.Equal(ordersBefore.Orders.OrderBy(o => o.OrderId), ordersAfter.Orders.OrderBy(o => o.OrderId));
        Assert.Contains(ordersAfter.Orders, o => o.OrderId == eveGrab.Order.OrderId && o.State == OrderState.Paid);
        var walletAfter = await silo.WalletAsync("eve");
        Assert.Equal(30_000 - SiloScenario.UnitPrice, walletAfter.Balance);
        Assert.Equal(walletBefore.Entries, walletAfter.Entries);
        var room = await silo.Shop.GetRoomAsync(new GetRoomRequest { RoomId = roomId }).WithTimeout();
        Assert.Equal(RoomState.Live, room.State);

        // Assert: the drop goes on selling the rest, with fresh order ids, and a retry is still a replay.
        var replay = await silo.Shop.GrabAsync(dropId, "fay", idempotencyKey: "fay-grab").WithTimeout();
        Assert.Equal(fayGrab.Order.OrderId, replay.Order?.OrderId);
        var newcomers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => silo.Shop.GrabAsync(dropId, $"gus-{i}"))).WithTimeout();
        Assert.Equal(3, newcomers.Count(r => r.Result == ResultCode.Ok));
        Assert.Equal(1, newcomers.Count(r => r.Result == ResultCode.SoldOut));
        Assert.DoesNotContain(newcomers.Where(r => r.Result == ResultCode.Ok), r => ordersBefore.Orders.Any(o => o.OrderId == r.Order.OrderId));
        var final = await silo.DropStatusAsync(dropId);
        Assert.Equal((1, 4, 0), (final.Sold, final.Reserved, final.Remaining));
    }

    [Fact]
    public async Task Stop_WithAnOpenRoomWatch_FinishesWellBeforeTheShutdownTimeout()
    {
        // Arrange: a viewer keeps a WatchRoom stream open, as every viewer does during a live show.
        await using var silo = await TestSilo.StartAsync();
        var roomId = await silo.CreateLiveRoomAsync();
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var events = silo.Shop.WatchRoom(roomId, "viewer", watching.Token).GetAsyncEnumerator(watching.Token);
        Assert.True(await events.MoveNextAsync().AsTask().WithTimeout());

        // Act
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await silo.StopAsync();

        // Assert: shutdown ends the stream instead of waiting the 30 s host shutdown timeout for it.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"graceful stop took {stopwatch.Elapsed} with one open watch");
    }
}

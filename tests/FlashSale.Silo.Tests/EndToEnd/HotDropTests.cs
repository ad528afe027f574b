using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class HotDropTests
{
    private const int Units = 100;
    private const int Shoppers = 2_000;
    private const int Channels = 8;

    [Fact]
    public async Task Grab_TwoThousandShoppersRaceForHundredUnits_SellsExactlyHundredAndNeverOversells()
    {
        // Arrange: one open drop, several independent connections already warmed up.
        await using var silo = await TestSilo.StartAsync();
        var (roomId, dropId) = await silo.OpenDropAsync(Units);
        var clients = Enumerable.Range(0, Channels).Select(_ => new ShopClient(silo.CreateChannel())).ToArray();
        await Task.WhenAll(clients.Select(c => c.GetRoomAsync(new GetRoomRequest { RoomId = roomId }))).WithTimeout();

        using var observing = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watcher = HotDropObservers.WatchUntilSoldOutAsync(silo.Shop, roomId, dropId, observing.Token);
        await watcher.Subscribed.WithTimeout();
        using var grabsDone = new CancellationTokenSource();
        var poller = HotDropObservers.PollStatusAsync(silo, dropId, grabsDone.Token);

        // Act: every grab waits on one gate, then all go at once.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var grabs = Enumerable.Range(0, Shoppers).Select(async i =>
        {
            await gate.Task;
            return await clients[i % Channels].GrabAsync(dropId, $"shopper-{i}", idempotencyKey: $"grab-{i}");
        }).ToArray();
        gate.SetResult();
        var replies = await Task.WhenAll(grabs).WithTimeout(TimeSpan.FromSeconds(60));
        await grabsDone.CancelAsync();
        var polled = await poller.WithTimeout();
        var watched = await watcher.Events.WithTimeout();

        // Assert: exactly the stock was sold, to distinct shoppers, and nothing else happened.
        var ok = replies.Where(r => r.Result == ResultCode.Ok).ToList();
        Assert.Equal(Units, ok.Count);
        Assert.All(ok, r => Assert.Equal(OrderState.PendingPayment, r.Order.State));
        Assert.Equal(Shoppers - Units, replies.Count(r => r.Result == ResultCode.SoldOut));
        Assert.Equal(Units, ok.Select(r => r.Order.OrderId).Distinct().Count());

        var status = await silo.DropStatusAsync(dropId);
        Assert.Equal(Units, status.Sold + status.Reserved);
        Assert.Equal(0, status.Remaining);

        var orders = await silo.Admin.ListDropOrdersAsync(new ListDropOrdersRequest { DropId = dropId }).WithTimeout();
        Assert.Equal(Units, orders.Orders.Count);
        Assert.Equal(Units, orders.Orders.Select(o => o.UserId).Distinct().Count());
        Assert.Equal(ok.Select(r => r.Order.OrderId).Order(), orders.Orders.Select(o => o.OrderId).Order());

        // Assert: what observers saw while it happened never showed an oversell.
        Assert.NotEmpty(polled);
        Assert.All(polled, s => HotDropObservers.AssertWithinStock(s.Remaining, s.Sold, s.Reserved, Units));
        var levels = watched.Where(e => e.KindCase == RoomEvent.KindOneofCase.StockLevel && e.StockLevel.DropId == dropId).ToList();
        Assert.NotEmpty(levels);
        Assert.All(levels, e => HotDropObservers.AssertWithinStock(e.StockLevel.Remaining, e.StockLevel.Sold, e.StockLevel.Reserved, Units));
        Assert.Equal(0, levels[^1].StockLevel.Remaining);
        Assert.Contains(watched, e => e.KindCase == RoomEvent.KindOneofCase.SoldOut && e.SoldOut.DropId == dropId);
    }
}

using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;

namespace FlashSale.Silo.Tests.EndToEnd;

/// <summary>A drop split into buckets, through Kestrel and the public API: it sells as one drop.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BucketedHotDropTests
{
    private const int Units = 100;
    private const int Buckets = 6;
    private const int Shoppers = 1_000;
    private const int Channels = 8;

    [Fact]
    public async Task Grab_ThousandShoppersOnSixBuckets_SellExactlyTheStockAndStatusAndOrdersAgree()
    {
        await using var silo = await TestSilo.StartAsync();
        var roomId = await silo.CreateLiveRoomAsync();
        var dropId = await silo.ScheduleDropAsync(roomId, Units, perUserLimit: 1, bucketCount: Buckets);
        var clients = Enumerable.Range(0, Channels).Select(_ => new ShopClient(silo.CreateChannel())).ToArray();
        await Task.WhenAll(clients.Select(c => c.GetRoomAsync(new GetRoomRequest { RoomId = roomId }))).WithTimeout();
        using var observing = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watcher = HotDropObservers.WatchUntilSoldOutAsync(silo.Shop, roomId, dropId, observing.Token);
        await watcher.Subscribed.WithTimeout();
        using var grabsDone = new CancellationTokenSource();
        var poller = HotDropObservers.PollStatusAsync(silo, dropId, grabsDone.Token);

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

        var ok = replies.Where(r => r.Result == ResultCode.Ok).ToList();
        Assert.Equal(Units, ok.Count);
        Assert.Equal(Shoppers - Units, replies.Count(r => r.Result == ResultCode.SoldOut));
        Assert.Equal(Units, ok.Select(r => r.Order.OrderId).Distinct().Count());
        Assert.All(ok, r => Assert.Equal(dropId, r.Order.DropId));
        Assert.True(ok.Select(r => r.Order.OrderId[..r.Order.OrderId.IndexOf('/')]).Distinct().Count() > 1, "every order came from one bucket");

        var status = await silo.DropStatusAsync(dropId);
        Assert.Equal((Units, 0, DropState.SoldOut), (status.Sold + status.Reserved, status.Remaining, status.State));
        var listed = new List<Order>();
        await foreach (var order in silo.Admin.ListAllDropOrdersAsync(dropId, pageSize: 30))
        {
            listed.Add(order);
        }

        Assert.Equal(ok.Select(r => r.Order.OrderId).Order(), listed.Select(o => o.OrderId).Order());
        Assert.Equal(Units, listed.Select(o => o.UserId).Distinct().Count());
        Assert.NotEmpty(polled);
        Assert.All(polled, s => HotDropObservers.AssertWithinStock(s.Remaining, s.Sold, s.Reserved, Units));
        Assert.Single(watched, e => e.KindCase == RoomEvent.KindOneofCase.SoldOut && e.SoldOut.DropId == dropId);
    }

    [Fact]
    public async Task PayAndCancel_BucketOrders_GoToTheirBucketAndCancelledStockSellsAgain()
    {
        await using var silo = await TestSilo.StartAsync();
        var roomId = await silo.CreateLiveRoomAsync();
        var dropId = await silo.ScheduleDropAsync(roomId, quantity: 2, perUserLimit: 1, bucketCount: 4);
        await silo.CreditAsync("payer", 100_000);
        var paidOrder = (await silo.Shop.GrabAsync(dropId, "payer").WithTimeout()).Order;
        var cancelledOrder = (await silo.Shop.GrabAsync(dropId, "canceller").WithTimeout()).Order;
        Assert.Equal(ResultCode.SoldOut, (await silo.Shop.GrabAsync(dropId, "late-1").WithTimeout()).Result);

        var paid = await silo.Shop.PayAsync(paidOrder.OrderId, "payer").WithTimeout();
        var cancelled = await silo.Shop.CancelOrderAsync(new CancelOrderRequest { OrderId = cancelledOrder.OrderId, UserId = "canceller", IdempotencyKey = "c1" }).WithTimeout();
        var again = await silo.Shop.GrabAsync(dropId, "late-2").WithTimeout();

        Assert.Equal((ResultCode.Ok, ResultCode.Ok, ResultCode.Ok), (paid.Result, cancelled.Result, again.Result));
        var status = await silo.DropStatusAsync(dropId);
        Assert.Equal((1, 1, 0), (status.Sold, status.Reserved, status.Remaining));
        var refunded = await silo.Admin.RefundOrderAsync(new RefundOrderRequest { OrderId = paidOrder.OrderId, IdempotencyKey = "r1", Reason = "e2e" }).WithTimeout();
        Assert.Equal(OrderState.Refunded, refunded.Order.State);
    }

    [Fact]
    public async Task ScheduleDrop_BucketCountOutOfRange_IsInvalidArgumentNamingTheField()
    {
        await using var silo = await TestSilo.StartAsync();
        var roomId = await silo.CreateLiveRoomAsync();

        var error = await SiloScenario.AssertStatusAsync(StatusCode.InvalidArgument, () => silo.ScheduleDropAsync(roomId, 10, bucketCount: 65));

        Assert.StartsWith("bucket_count", error.Status.Detail, StringComparison.Ordinal);
    }
}

using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;

namespace FlashSale.Silo.Tests.EndToEnd;

/// <summary>The concurrent observers of a hot drop: an admin status poller and a room watcher.</summary>
internal static class HotDropObservers
{
    public static void AssertWithinStock(int remaining, int sold, int reserved, int quantity)
    {
        Assert.True(remaining >= 0, $"remaining went negative: {remaining}");
        Assert.True(sold + reserved <= quantity, $"oversold: sold {sold} + reserved {reserved} > {quantity}");
        Assert.Equal(quantity, remaining + sold + reserved);
    }

    /// <summary>Polls GetDropStatus until <paramref name="stop"/> fires, returning every answer.</summary>
    public static Task<List<DropStatus>> PollStatusAsync(TestSilo silo, string dropId, CancellationToken stop) => Task.Run(async () =>
    {
        var admin = new AdminClient(silo.CreateChannel());
        var seen = new List<DropStatus>();
        while (!stop.IsCancellationRequested)
        {
            seen.Add(await admin.GetDropStatusAsync(new GetDropStatusRequest { DropId = dropId }, FlashSaleCallOptions.WithTimeout(TimeSpan.FromSeconds(20))));
            await Task.Delay(5, CancellationToken.None);
        }

        return seen;
    });

    /// <summary>Watches the room from before the race until the drop's sold-out event.</summary>
    public static RoomWatch WatchUntilSoldOutAsync(ShopClient shop, string roomId, string dropId, CancellationToken cancellationToken)
    {
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = Task.Run(async () =>
        {
            var seen = new List<RoomEvent>();
            await foreach (var roomEvent in shop.WatchRoom(roomId, "watcher", cancellationToken))
            {
                seen.Add(roomEvent);
                subscribed.TrySetResult();
                if (roomEvent.KindCase == RoomEvent.KindOneofCase.SoldOut && roomEvent.SoldOut.DropId == dropId)
                {
                    break;
                }
            }

            return seen;
        }, CancellationToken.None);
        _ = events.ContinueWith(t => subscribed.TrySetException(t.Exception ?? new Exception("watch ended")), TaskContinuationOptions.NotOnRanToCompletion);
        return new RoomWatch(subscribed.Task, events);
    }

    internal sealed record RoomWatch(Task Subscribed, Task<List<RoomEvent>> Events);
}

using FlashSale.Api.V1;

namespace FlashSale.Grains.Drop;

internal partial class DropGrain
{
    // Watchers need a live feel, not every grab: at most ten stock levels a second per drop.
    private static readonly TimeSpan StockInterval = TimeSpan.FromMilliseconds(100);

    private DateTimeOffset _lastStockAt = DateTimeOffset.MinValue;
    private (int Remaining, int Sold, int Reserved) _lastStock = (-1, -1, -1);
    private IGrainTimer? _stockTimer;
    private bool _soldOutAnnounced;

    private void PublishStockLevel()
    {
        if (IsBucket)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (Status.Remaining == 0)
        {
            // The final zero is never throttled: it is what ends the race on every screen.
            PublishStockNow(now);
            if (!_soldOutAnnounced)
            {
                _soldOutAnnounced = true;
                Publish(new RoomEvent { SoldOut = new SoldOut { DropId = Status.DropId } });
            }

            return;
        }

        _soldOutAnnounced = false;
        if (now - _lastStockAt >= StockInterval)
        {
            PublishStockNow(now);
            return;
        }

        _stockTimer ??= this.RegisterGrainTimer(OnStockTimerAsync, _lastStockAt + StockInterval - now, Timeout.InfiniteTimeSpan);
    }

    private Task OnStockTimerAsync(CancellationToken cancellationToken)
    {
        _stockTimer?.Dispose();
        _stockTimer = null;
        PublishStockNow(_time.GetUtcNow());
        return Task.CompletedTask;
    }

    private void PublishStockNow(DateTimeOffset now)
    {
        var level = (Status.Remaining, Status.Sold, Status.Reserved);
        if (level == _lastStock)
        {
            return;
        }

        _lastStock = level;
        _lastStockAt = now;
        Publish(new RoomEvent
        {
            StockLevel = new StockLevel { DropId = Status.DropId, Remaining = level.Remaining, Sold = level.Sold, Reserved = level.Reserved },
        });
    }

    private void Publish(RoomEvent roomEvent)
    {
        // A bucket's share is not the drop's stock: its coordinator speaks for the drop.
        if (Status.RoomId.Length == 0 || IsBucket)
        {
            return;
        }

        roomEvent.RoomId = Status.RoomId;
        _events.Publish(roomEvent);
    }
}

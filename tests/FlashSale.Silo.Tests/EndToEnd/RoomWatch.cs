using FlashSale.Api.V1;
using FlashSale.Client;

namespace FlashSale.Silo.Tests.EndToEnd;

/// <summary>A WatchRoom stream read in the background; tests wait (bounded) for an event to show up.</summary>
internal sealed class RoomWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<RoomEvent> _events = [];
    private readonly Task _pump;

    public RoomWatch(ShopClient shop, string roomId)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var roomEvent in shop.WatchRoom(roomId, cancellationToken: _stop.Token))
                {
                    lock (_events)
                    {
                        _events.Add(roomEvent);
                    }
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
        });
    }

    public async Task<RoomEvent> WaitAsync(Func<RoomEvent, bool> match)
    {
        var deadline = DateTime.UtcNow + FlashSale.Testing.TestTimeouts.Default;
        while (true)
        {
            lock (_events)
            {
                if (_events.FirstOrDefault(match) is { } found)
                {
                    return found;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for a room event");
            await Task.Delay(20);
        }
    }

    /// <summary>How many of the events so far match.</summary>
    public int Count(Func<RoomEvent, bool> match)
    {
        lock (_events)
        {
            return _events.Count(match);
        }
    }

    /// <summary>Waits until the stream delivered its first event (the snapshot), so later events are not missed.</summary>
    public Task ReadyAsync() => WaitAsync(e => e.Snapshot is not null);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}

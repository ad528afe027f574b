using FlashSale.Api.V1;
using FlashSale.Grains.Events;
using FlashSale.Testing;

namespace FlashSale.Grains.Tests;

/// <summary>Drains a room subscription in the background so a test can look for an event while
/// it keeps driving fake time.</summary>
internal sealed class RoomEventCollector : IDisposable
{
    private readonly IRoomSubscription _subscription;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<RoomEvent> _events = [];

    public RoomEventCollector(IRoomEventBus bus, string roomId)
    {
        _subscription = bus.Subscribe(roomId);
        _ = Task.Run(PumpAsync);
    }

    public RoomEvent? Find(Func<RoomEvent, bool> match)
    {
        lock (_events)
        {
            return _events.FirstOrDefault(match);
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

    /// <summary>Waits (bounded by the test timeout) until a matching event has arrived.</summary>
    public async Task<RoomEvent> WaitAsync(Func<RoomEvent, bool> match)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (true)
        {
            if (Find(match) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for a room event");
            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _subscription.Dispose();
        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var roomEvent in _subscription.ReadAllAsync(_stop.Token))
            {
                lock (_events)
                {
                    _events.Add(roomEvent);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

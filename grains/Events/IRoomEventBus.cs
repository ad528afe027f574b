using FlashSale.Api.V1;

namespace FlashSale.Grains.Events;

/// <summary>Fan-out of room events to watchers, keyed by room id. The in-process implementation
/// serves one silo; a Redis-backed one replaces it for a cluster.</summary>
public interface IRoomEventBus
{
    /// <summary>Stamps the event with the room's next sequence number and the current time and
    /// delivers it to every subscriber of <see cref="RoomEvent.RoomId"/>. Never blocks.</summary>
    void Publish(RoomEvent roomEvent);

    /// <summary>Starts receiving the room's events published from now on. Dispose to stop.</summary>
    IRoomSubscription Subscribe(string roomId);
}

/// <summary>One watcher's bounded queue of room events. When the watcher falls behind, the
/// oldest stock-level events are dropped first (a newer one supersedes them); publishers are
/// never blocked.</summary>
public interface IRoomSubscription : IDisposable
{
    string RoomId { get; }

    /// <summary>Events dropped so far because this watcher was slow.</summary>
    long Dropped { get; }

    /// <summary>Yields events in publication order until disposed or cancelled.</summary>
    IAsyncEnumerable<RoomEvent> ReadAllAsync(CancellationToken cancellationToken = default);
}

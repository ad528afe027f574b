using FlashSale.Api.V1;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Events;

/// <summary>Single-silo <see cref="IRoomEventBus"/>: each room keeps its own sequence counter and
/// the list of its watchers' queues (a <see cref="RoomEventFanOut"/>).</summary>
public sealed class InProcessRoomEventBus(TimeProvider timeProvider, int subscriptionCapacity = InProcessRoomEventBus.DefaultCapacity) : IRoomEventBus
{
    /// <summary>Events a slow watcher may lag behind before its oldest stock levels are dropped.</summary>
    public const int DefaultCapacity = RoomEventFanOut.DefaultCapacity;

    private readonly RoomEventFanOut _fanOut = new(subscriptionCapacity);

    public void Publish(RoomEvent roomEvent)
    {
        ArgumentNullException.ThrowIfNull(roomEvent);
        roomEvent.At = Timestamp.FromDateTimeOffset(timeProvider.GetUtcNow());
        _fanOut.DeliverNext(roomEvent);
    }

    public IRoomSubscription Subscribe(string roomId) => _fanOut.Subscribe(roomId);

    /// <summary>Number of live subscriptions of a room (for tests and metrics).</summary>
    public int SubscriberCount(string roomId) => _fanOut.SubscriberCount(roomId);
}

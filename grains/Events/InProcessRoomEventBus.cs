using System.Collections.Concurrent;
using FlashSale.Api.V1;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Events;

/// <summary>Single-silo <see cref="IRoomEventBus"/>: each room keeps its own sequence counter and
/// the list of its watchers' queues.</summary>
public sealed class InProcessRoomEventBus(TimeProvider timeProvider, int subscriptionCapacity = InProcessRoomEventBus.DefaultCapacity) : IRoomEventBus
{
    /// <summary>Events a slow watcher may lag behind before its oldest stock levels are dropped.</summary>
    public const int DefaultCapacity = 256;

    private readonly ConcurrentDictionary<string, RoomTopic> _topics = new(StringComparer.Ordinal);

    public void Publish(RoomEvent roomEvent)
    {
        ArgumentNullException.ThrowIfNull(roomEvent);
        var topic = _topics.GetOrAdd(roomEvent.RoomId, static id => new RoomTopic(id));
        RoomSubscription[] subscribers;
        lock (topic)
        {
            // Sequence and delivery order are decided under one lock so every watcher sees the
            // room's events in increasing sequence order.
            roomEvent.Sequence = ++topic.Sequence;
            roomEvent.At = Timestamp.FromDateTimeOffset(timeProvider.GetUtcNow());
            subscribers = topic.Subscribers;
            foreach (var subscriber in subscribers)
            {
                subscriber.Enqueue(roomEvent);
            }
        }
    }

    public IRoomSubscription Subscribe(string roomId)
    {
        ArgumentNullException.ThrowIfNull(roomId);
        var topic = _topics.GetOrAdd(roomId, static id => new RoomTopic(id));
        var subscription = new RoomSubscription(roomId, subscriptionCapacity, s => Unsubscribe(topic, s));
        lock (topic)
        {
            topic.Subscribers = [.. topic.Subscribers, subscription];
        }

        return subscription;
    }

    /// <summary>Number of live subscriptions of a room (for tests and metrics).</summary>
    public int SubscriberCount(string roomId) =>
        _topics.TryGetValue(roomId, out var topic) ? topic.Subscribers.Length : 0;

    private static void Unsubscribe(RoomTopic topic, RoomSubscription subscription)
    {
        lock (topic)
        {
            topic.Subscribers = [.. topic.Subscribers.Where(s => !ReferenceEquals(s, subscription))];
        }
    }

    private sealed class RoomTopic(string roomId)
    {
        public string RoomId { get; } = roomId;

        public long Sequence { get; set; }

        public RoomSubscription[] Subscribers { get; set; } = [];
    }
}

using System.Collections.Concurrent;
using FlashSale.Api.V1;

namespace FlashSale.Grains.Events;

/// <summary>
/// Delivery of room events to this silo's watchers: per room, the list of bounded watcher queues
/// and the highest sequence delivered. Buses decide where sequence numbers come from (a local
/// counter, or a shared one such as Redis) and hand the events here.
/// </summary>
public sealed class RoomEventFanOut(int subscriptionCapacity = RoomEventFanOut.DefaultCapacity)
{
    /// <summary>Events a slow watcher may lag behind before its oldest stock levels are dropped.</summary>
    public const int DefaultCapacity = 256;

    private readonly ConcurrentDictionary<string, RoomTopic> _topics = new(StringComparer.Ordinal);

    /// <summary>Stamps <paramref name="roomEvent"/> with the room's next local sequence number and
    /// delivers it; returns that number.</summary>
    public long DeliverNext(RoomEvent roomEvent)
    {
        ArgumentNullException.ThrowIfNull(roomEvent);
        var topic = Topic(roomEvent.RoomId);
        lock (topic)
        {
            // Sequence and delivery order are decided under one lock so every watcher sees the
            // room's events in increasing sequence order.
            roomEvent.Sequence = ++topic.Sequence;
            Enqueue(topic, roomEvent);
            return roomEvent.Sequence;
        }
    }

    /// <summary>Delivers an event that already carries its sequence number. An event whose number
    /// is not above the highest one delivered for its room (a duplicate, or one overtaken) is
    /// dropped, so watchers only ever see increasing numbers; returns whether it was delivered.</summary>
    public bool DeliverSequenced(RoomEvent roomEvent)
    {
        ArgumentNullException.ThrowIfNull(roomEvent);
        var topic = Topic(roomEvent.RoomId);
        lock (topic)
        {
            if (roomEvent.Sequence <= topic.Sequence)
            {
                return false;
            }

            topic.Sequence = roomEvent.Sequence;
            Enqueue(topic, roomEvent);
            return true;
        }
    }

    /// <summary>The highest sequence number delivered for <paramref name="roomId"/> (0 when none).</summary>
    public long LastSequence(string roomId)
    {
        if (!_topics.TryGetValue(roomId, out var topic))
        {
            return 0;
        }

        lock (topic)
        {
            return topic.Sequence;
        }
    }

    /// <summary>Starts receiving the room's events delivered from now on. Dispose to stop.</summary>
    public IRoomSubscription Subscribe(string roomId)
    {
        ArgumentNullException.ThrowIfNull(roomId);
        var topic = Topic(roomId);
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

    private RoomTopic Topic(string roomId) => _topics.GetOrAdd(roomId, static _ => new RoomTopic());

    // Callers hold the topic's lock.
    private static void Enqueue(RoomTopic topic, RoomEvent roomEvent)
    {
        foreach (var subscriber in topic.Subscribers)
        {
            subscriber.Enqueue(roomEvent);
        }
    }

    private static void Unsubscribe(RoomTopic topic, RoomSubscription subscription)
    {
        lock (topic)
        {
            topic.Subscribers = [.. topic.Subscribers.Where(s => !ReferenceEquals(s, subscription))];
        }
    }

    private sealed class RoomTopic
    {
        public long Sequence { get; set; }

        public RoomSubscription[] Subscribers { get; set; } = [];
    }
}

using FlashSale.Api.V1;
using FlashSale.Grains.Events;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using StackExchange.Redis;

namespace FlashSale.Silo.Redis;

/// <summary>
/// Cluster-wide <see cref="IRoomEventBus"/>: a room's event is published once to its Redis
/// channel, and every silo's bus (this one included) hears it on a pattern subscription and hands
/// it to its own watchers through a <see cref="RoomEventFanOut"/>. A Lua script assigns the room's
/// sequence number with INCR and publishes in the same step, so numbers increase across silos.
/// While Redis is unreachable, events go to this silo's watchers only (degraded), never blocking
/// or failing the publishing grain.
/// </summary>
public sealed partial class RedisRoomEventBus : IRoomEventBus, IHostedService
{
    private readonly RedisConnection _connection;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RedisRoomEventBus> _log;
    private readonly RoomEventFanOut _fanOut;
    private int _publishFailureLogged;
    private long _degradedPublishes;

    /// <summary>Creates the bus over the silo's Redis connection.</summary>
    public RedisRoomEventBus(RedisConnection connection, TimeProvider timeProvider, ILogger<RedisRoomEventBus> log, int subscriptionCapacity = RoomEventFanOut.DefaultCapacity)
    {
        _connection = connection;
        _timeProvider = timeProvider;
        _log = log;
        _fanOut = new RoomEventFanOut(subscriptionCapacity);
    }

    /// <summary>Events this silo delivered locally only because Redis was unreachable.</summary>
    public long DegradedPublishes => Interlocked.Read(ref _degradedPublishes);

    public void Publish(RoomEvent roomEvent)
    {
        ArgumentNullException.ThrowIfNull(roomEvent);
        roomEvent.At = Timestamp.FromDateTimeOffset(_timeProvider.GetUtcNow());
        var database = _connection.IsAvailable ? _connection.Database : null;
        if (database is null)
        {
            DeliverLocally(roomEvent);
            return;
        }

        Task<RedisResult> sent;
        try
        {
            // The floor keeps numbers above what this silo's watchers already saw, even when Redis
            // lost the counter (restart without persistence) or events went local-only meanwhile.
            var floor = _fanOut.LastSequence(roomEvent.RoomId);
            sent = database.ScriptEvaluateAsync(
                RoomEventScripts.Publish,
                [RoomEventScripts.SequenceKey(roomEvent.RoomId), RoomEventScripts.ChannelKey(roomEvent.RoomId)],
                [roomEvent.ToByteArray(), floor]);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            OnPublishFailed(roomEvent, exception);
            return;
        }

        sent.ContinueWith(
            static (task, state) =>
            {
                var (bus, failed) = ((RedisRoomEventBus, RoomEvent))state!;
                bus.OnPublishFailed(failed, task.Exception!.GetBaseException());
            },
            (this, roomEvent),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public IRoomSubscription Subscribe(string roomId) => _fanOut.Subscribe(roomId);

    /// <summary>Number of live subscriptions of a room on this silo (for tests and metrics).</summary>
    public int SubscriberCount(string roomId) => _fanOut.SubscriberCount(roomId);

    private void DeliverLocally(RoomEvent roomEvent)
    {
        Interlocked.Increment(ref _degradedPublishes);
        _fanOut.DeliverNext(roomEvent);
    }

    private void OnPublishFailed(RoomEvent roomEvent, Exception exception)
    {
        // One line per outage, not one per event of a hot drop.
        if (Interlocked.Exchange(ref _publishFailureLogged, 1) == 0)
        {
            RedisLog.PublishFailed(_log, exception);
        }

        DeliverLocally(roomEvent);
    }
}

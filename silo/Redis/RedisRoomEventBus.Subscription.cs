using System.Buffers.Text;
using FlashSale.Api.V1;
using Google.Protobuf;
using StackExchange.Redis;

namespace FlashSale.Silo.Redis;

public sealed partial class RedisRoomEventBus
{
    /// <summary>How long after a failed subscribe the next attempt starts (while Redis is reachable).</summary>
    internal static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long starting the silo waits for the subscription to be confirmed before it
    /// goes on (subscribing then continues in the background).</summary>
    internal static readonly TimeSpan StartWait = TimeSpan.FromSeconds(10);

    private readonly Lock _subscribeLock = new();
    private readonly CancellationTokenSource _stopping = new(); // a hosted service starts once; never restarted after StopAsync
    private ChannelMessageQueue? _queue;
    private bool _subscribing;
    private bool _retryRequested;

    /// <summary>Whether this silo listens to every room's channel: Redis confirmed the pattern
    /// subscription and the connection is up. StackExchange.Redis completes a subscribe only once
    /// the server confirmed it, keeps the subscription across outages and subscribes again by
    /// itself when the connection comes back; it records the server only on that confirmation.</summary>
    public bool IsSubscribed =>
        Volatile.Read(ref _queue) is not null
        && _connection.IsAvailable
        && _connection.Subscriber?.SubscribedEndpoint(RoomEventScripts.AllRooms) is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _connection.Restored += OnRedisRestored;
        var subscribing = EnsureSubscribedAsync();
        await Task.WhenAny(subscribing, Task.Delay(StartWait, cancellationToken)).ConfigureAwait(false);
        if (!subscribing.IsCompleted && !cancellationToken.IsCancellationRequested)
        {
            RedisLog.SubscriptionUnconfirmed(_log, _connection.Configuration, StartWait.TotalSeconds);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _connection.Restored -= OnRedisRestored;
        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    private void OnRedisRestored()
    {
        Interlocked.Exchange(ref _publishFailureLogged, 0);
        _ = EnsureSubscribedAsync();
    }

    /// <summary>Subscribes to every room's channel once; after that StackExchange.Redis keeps the
    /// subscription (re-sending it after an outage). A subscribe that fails (Redis not reachable
    /// in time) is tried again every second while Redis is reachable, and when it is restored.
    /// Never throws (it also runs unobserved, from the Restored event).</summary>
    private async Task EnsureSubscribedAsync()
    {
        var subscriber = _connection.Subscriber;
        lock (_subscribeLock)
        {
            if (_queue is not null || subscriber is null || _stopping.IsCancellationRequested)
            {
                return;
            }

            if (_subscribing)
            {
                // The running attempt may be on its way out (it saw Redis away): it looks again.
                _retryRequested = true;
                return;
            }

            _subscribing = true;
            _retryRequested = false;
        }

        ChannelMessageQueue? queue = null;
        var failureLogged = false;
        try
        {
            // While Redis is away the attempts stop; its return (Restored) starts them again.
            while (queue is null && _connection.IsAvailable && !_stopping.IsCancellationRequested)
            {
                try
                {
                    // The queue hands messages over one at a time in arrival order, so a room's
                    // events reach the fan-out in the order Redis published them.
                    queue = await subscriber.SubscribeAsync(RoomEventScripts.AllRooms).ConfigureAwait(false);
                }
                catch (Exception exception) when ((exception is RedisException or TimeoutException) && !_stopping.IsCancellationRequested)
                {
                    if (!failureLogged)
                    {
                        RedisLog.SubscribeFailed(_log, exception);
                        failureLogged = true;
                    }

                    // The failed call left its queue registered (the client would subscribe it
                    // later by itself), but nothing reads that queue: drop it before trying again.
                    await subscriber.UnsubscribeAsync(RoomEventScripts.AllRooms).ConfigureAwait(false);
                    await Task.Delay(RetryInterval, _stopping.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or RedisException or TimeoutException)
        {
            // Stopping (the token, a disposed connection), or a failure while dropping a queue.
        }
        finally
        {
            queue?.OnMessage(OnMessage);
            bool again;
            lock (_subscribeLock)
            {
                _subscribing = false;
                _queue = queue;
                again = queue is null && _retryRequested && !_stopping.IsCancellationRequested;
            }

            if (again)
            {
                _ = EnsureSubscribedAsync();
            }
        }
    }

    private void OnMessage(ChannelMessage message)
    {
        byte[]? bytes = message.Message;
        var separator = bytes is null ? -1 : Array.IndexOf(bytes, RoomEventScripts.Separator);
        if (bytes is null || separator <= 0 || !Utf8Parser.TryParse(bytes.AsSpan(0, separator), out long sequence, out var consumed) || consumed != separator)
        {
            RedisLog.BadMessage(_log, message.Channel.ToString(), null);
            return;
        }

        RoomEvent roomEvent;
        try
        {
            roomEvent = RoomEvent.Parser.ParseFrom(bytes, separator + 1, bytes.Length - separator - 1);
        }
        catch (InvalidProtocolBufferException exception)
        {
            RedisLog.BadMessage(_log, message.Channel.ToString(), exception);
            return;
        }

        roomEvent.Sequence = sequence;
        _fanOut.DeliverSequenced(roomEvent);
    }
}

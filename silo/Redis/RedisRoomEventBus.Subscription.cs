using System.Buffers.Text;
using FlashSale.Api.V1;
using Google.Protobuf;
using StackExchange.Redis;

namespace FlashSale.Silo.Redis;

public sealed partial class RedisRoomEventBus
{
    private readonly Lock _subscribeLock = new();
    private bool _subscribing;
    private bool _subscribed;

    /// <summary>Whether this silo listens to every room's channel (false until the first
    /// successful subscribe; StackExchange.Redis then keeps it across reconnects).</summary>
    public bool IsSubscribed
    {
        get
        {
            lock (_subscribeLock)
            {
                return _subscribed && _connection.IsAvailable;
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _connection.Restored += OnRedisRestored;
        await EnsureSubscribedAsync().ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _connection.Restored -= OnRedisRestored;
        return Task.CompletedTask;
    }

    private void OnRedisRestored()
    {
        Interlocked.Exchange(ref _publishFailureLogged, 0);
        _ = EnsureSubscribedAsync();
    }

    /// <summary>Subscribes once; StackExchange.Redis re-subscribes by itself after a reconnect, so
    /// only a subscription that never succeeded (Redis down at start) is retried here.</summary>
    private async Task EnsureSubscribedAsync()
    {
        var subscriber = _connection.Subscriber;
        lock (_subscribeLock)
        {
            if (_subscribed || _subscribing || subscriber is null)
            {
                return;
            }

            _subscribing = true;
        }

        var subscribed = false;
        try
        {
            await subscriber.SubscribeAsync(RoomEventScripts.AllRooms, OnMessage).ConfigureAwait(false);
            subscribed = true;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            RedisLog.SubscribeFailed(_log, exception);
        }
        finally
        {
            lock (_subscribeLock)
            {
                _subscribing = false;
                _subscribed = subscribed;
            }
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        byte[]? bytes = message;
        var separator = bytes is null ? -1 : Array.IndexOf(bytes, RoomEventScripts.Separator);
        if (bytes is null || separator <= 0 || !Utf8Parser.TryParse(bytes.AsSpan(0, separator), out long sequence, out var consumed) || consumed != separator)
        {
            RedisLog.BadMessage(_log, channel.ToString(), null);
            return;
        }

        RoomEvent roomEvent;
        try
        {
            roomEvent = RoomEvent.Parser.ParseFrom(bytes, separator + 1, bytes.Length - separator - 1);
        }
        catch (InvalidProtocolBufferException exception)
        {
            RedisLog.BadMessage(_log, channel.ToString(), exception);
            return;
        }

        roomEvent.Sequence = sequence;
        _fanOut.DeliverSequenced(roomEvent);
    }
}

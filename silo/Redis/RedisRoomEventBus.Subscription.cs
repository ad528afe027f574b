using System.Buffers.Text;
using System.Text;
using FlashSale.Api.V1;
using Google.Protobuf;
using StackExchange.Redis;

namespace FlashSale.Silo.Redis;

public sealed partial class RedisRoomEventBus
{
    /// <summary>How long one probe waits to hear itself back.</summary>
    internal static readonly TimeSpan ProbeWait = TimeSpan.FromSeconds(1);

    /// <summary>How long starting the silo waits for the subscription to be confirmed before it
    /// goes on (confirming then continues in the background).</summary>
    internal static readonly TimeSpan StartWait = TimeSpan.FromSeconds(10);

    private readonly Lock _subscribeLock = new();
    private readonly CancellationTokenSource _stopping = new(); // a hosted service starts once; never restarted after StopAsync
    private readonly byte[] _probePayload = [.. RoomEventScripts.ProbePrefix, .. Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N"))];
    private TaskCompletionSource? _probe;
    private bool _subscribing;
    private bool _retryRequested;
    private bool _registered;
    private bool _subscribed;

    /// <summary>Whether this silo listens to every room's channel: true once a message it published
    /// came back through its own subscription. StackExchange.Redis keeps the subscription across
    /// reconnects (re-sending it, so for a moment after an outage this can be true before it is
    /// back).</summary>
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

    /// <summary>Subscribes once, then publishes probes on a channel the pattern covers until one
    /// comes back. StackExchange.Redis completes a subscribe without sending it while its
    /// subscription connection is still connecting (it sends it once that connection is up), so
    /// only a message heard back shows that events published elsewhere reach this silo. Never
    /// throws (it also runs unobserved, from the Restored event).</summary>
    private async Task EnsureSubscribedAsync()
    {
        var subscriber = _connection.Subscriber;
        bool register;
        lock (_subscribeLock)
        {
            if (_subscribed || subscriber is null || _stopping.IsCancellationRequested)
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
            register = !_registered;

            // StackExchange.Redis keeps the handler from the first call on, even when that call
            // fails, and subscribes it by itself later: a second call would add it twice.
            _registered = true;
        }

        var subscribed = false;
        var failureLogged = false;
        try
        {
            if (register)
            {
                try
                {
                    await subscriber.SubscribeAsync(RoomEventScripts.AllRooms, OnMessage).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is RedisException or TimeoutException)
                {
                    RedisLog.SubscribeFailed(_log, exception);
                    failureLogged = true;
                }
            }

            // While Redis is away the probes stop; its return (Restored) starts them again.
            while (!subscribed && _connection.IsAvailable && !_stopping.IsCancellationRequested)
            {
                try
                {
                    subscribed = await ProbeAsync(subscriber).ConfigureAwait(false);
                }
                catch (Exception exception) when ((exception is RedisException or TimeoutException) && !_stopping.IsCancellationRequested)
                {
                    if (!failureLogged)
                    {
                        RedisLog.SubscribeFailed(_log, exception);
                        failureLogged = true;
                    }

                    await Task.Delay(ProbeWait, _stopping.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or RedisException or TimeoutException)
        {
            // Stopping (the token, a disposed connection), or a failure during it.
        }
        finally
        {
            bool again;
            lock (_subscribeLock)
            {
                _subscribing = false;
                _subscribed = subscribed;
                again = !subscribed && _retryRequested && !_stopping.IsCancellationRequested;
            }

            if (again)
            {
                _ = EnsureSubscribedAsync();
            }
        }
    }

    private async Task<bool> ProbeAsync(ISubscriber subscriber)
    {
        var probe = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _probe, probe);

        // StackExchange.Redis 1.x puts no timeout on asynchronous commands: bound it here.
        await subscriber.PublishAsync(RoomEventScripts.ProbeChannel, _probePayload).WaitAsync(ProbeWait, _stopping.Token).ConfigureAwait(false);
        return await Task.WhenAny(probe.Task, Task.Delay(ProbeWait, _stopping.Token)).ConfigureAwait(false) == probe.Task;
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        byte[]? bytes = message;
        var separator = bytes is null ? -1 : Array.IndexOf(bytes, RoomEventScripts.Separator);
        if (bytes is null || separator <= 0 || !Utf8Parser.TryParse(bytes.AsSpan(0, separator), out long sequence, out var consumed) || consumed != separator)
        {
            if (bytes is not null && bytes.AsSpan().StartsWith(RoomEventScripts.ProbePrefix))
            {
                // A silo's subscription probe (every silo hears every silo's): ours confirms.
                if (bytes.AsSpan().SequenceEqual(_probePayload))
                {
                    Volatile.Read(ref _probe)?.TrySetResult();
                }

                return;
            }

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

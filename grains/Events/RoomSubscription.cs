using System.Runtime.CompilerServices;
using FlashSale.Api.V1;

namespace FlashSale.Grains.Events;

/// <summary>A watcher's bounded queue. Publishers only append under a short lock; when the queue
/// is full the oldest stock level goes first (a later one supersedes it), else the oldest event.</summary>
internal sealed class RoomSubscription(string roomId, int capacity, Action<RoomSubscription> onDispose) : IRoomSubscription
{
    private readonly LinkedList<RoomEvent> _queue = new();
    private TaskCompletionSource _signal = NewSignal();
    private long _dropped;
    private bool _disposed;

    public string RoomId { get; } = roomId;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Enqueue(RoomEvent roomEvent)
    {
        TaskCompletionSource toWake;
        lock (_queue)
        {
            if (_disposed)
            {
                return;
            }

            if (_queue.Count >= capacity)
            {
                var victim = FindOldestStockLevel() ?? _queue.First!;
                _queue.Remove(victim);
                Interlocked.Increment(ref _dropped);
            }

            _queue.AddLast(roomEvent);
            toWake = _signal;
        }

        toWake.TrySetResult();
    }

    public async IAsyncEnumerable<RoomEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task wait;
            RoomEvent? next = null;
            lock (_queue)
            {
                if (_disposed)
                {
                    yield break;
                }

                if (_queue.First is { } first)
                {
                    next = first.Value;
                    _queue.RemoveFirst();
                    wait = Task.CompletedTask;
                }
                else
                {
                    if (_signal.Task.IsCompleted)
                    {
                        _signal = NewSignal();
                    }

                    wait = _signal.Task;
                }
            }

            if (next is not null)
            {
                yield return next;
                continue;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        TaskCompletionSource toWake;
        lock (_queue)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _queue.Clear();
            toWake = _signal;
        }

        toWake.TrySetResult();
        onDispose(this);
    }

    private LinkedListNode<RoomEvent>? FindOldestStockLevel()
    {
        for (var node = _queue.First; node is not null; node = node.Next)
        {
            if (node.Value.KindCase == RoomEvent.KindOneofCase.StockLevel)
            {
                return node;
            }
        }

        return null;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

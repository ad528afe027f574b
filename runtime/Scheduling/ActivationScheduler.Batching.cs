namespace FlashSale.Runtime.Scheduling;

// Group commit: the loop turns the call it just dequeued, plus the consecutive calls to the same
// batchable method right behind it, into one turn. Only the front of the mailbox is taken, so a
// batch never overtakes an earlier call to anything else.
internal sealed partial class ActivationScheduler
{
    // Must hold _lock. The first call has already been started by the loop.
    private WorkItem FormBatch(IBatchableCall first, WorkItem firstItem)
    {
        var calls = new List<IBatchableCall>(Math.Min(_maxBatchSize, _queue.Count + 1)) { first };
        var drained = TakeBatchTailLocked(first.Method, calls);
        var linger = drained ? _linger : TimeSpan.Zero;
        if (calls.Count == 1 && linger == TimeSpan.Zero)
        {
            return firstItem;
        }

        return new BatchWorkItem(this, first.Method, calls, linger);
    }

    /// <summary>Adds to <paramref name="calls"/> the queued calls to <paramref name="method"/> at the
    /// front of the mailbox, up to the batch size; used again after a linger.</summary>
    internal void TakeBatchTail(GrainMethod method, List<IBatchableCall> calls)
    {
        lock (_lock)
        {
            TakeBatchTailLocked(method, calls);
        }
    }

    internal int MaxBatchSize => _maxBatchSize;

    // Must hold _lock. True when it stopped because the mailbox ran empty (lingering may help),
    // false when the batch is full or another kind of call is next.
    private bool TakeBatchTailLocked(GrainMethod method, List<IBatchableCall> calls)
    {
        while (calls.Count < _maxBatchSize)
        {
            if (_queue.Count == 0)
            {
                return true;
            }

            var next = _queue.Peek();
            if (next.IsAbandoned)
            {
                _queue.Dequeue();
                continue;
            }

            if (next is not IBatchableCall call || !ReferenceEquals(call.Method, method))
            {
                return false;
            }

            _queue.Dequeue();
            if (next.TryStart())
            {
                calls.Add(call);
            }
        }

        return false;
    }
}

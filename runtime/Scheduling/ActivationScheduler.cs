using System.Diagnostics;
using FlashSale.Runtime.Activation;

namespace FlashSale.Runtime.Scheduling;

/// <summary>The bounded mailbox and message loop of one activation. The loop is a thread-pool
/// work item that drains the queue for a time slice and then yields, so one hot grain cannot
/// starve the others. A writing turn runs alone and spans its awaits (non-reentrant); read-only
/// turns may overlap each other. Closing the mailbox lets a final turn (deactivation) run alone
/// ahead of anything still queued.</summary>
internal sealed partial class ActivationScheduler : IThreadPoolWorkItem
{
    private static readonly long TimeSliceTicks = Stopwatch.Frequency / 100;

    private readonly object _lock = new();
    private readonly Queue<WorkItem> _queue = new();
    private readonly ActivationData _owner;
    private readonly int _capacity;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _linger;
    private WorkItem? _finalItem;
    private bool _closed;
    private bool _loopActive;
    private bool _writerRunning;
    private int _readersRunning;

    public ActivationScheduler(ActivationData owner, int capacity, GroupCommitOptions groupCommit)
    {
        _owner = owner;
        _capacity = capacity;
        _maxBatchSize = groupCommit.EffectiveMaxBatchSize;
        _linger = groupCommit.EffectiveLinger;
    }

    /// <summary>True when nothing runs and nothing waits.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                return !_writerRunning && _readersRunning == 0 && _queue.Count == 0 && _finalItem is null;
            }
        }
    }

    /// <summary>Queues an item. False when the mailbox is closed (the activation is going away);
    /// throws <see cref="GrainOverloadedException"/> when it is full.</summary>
    public bool TryEnqueue(WorkItem item)
    {
        bool schedule;
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            if (_queue.Count >= _capacity)
            {
                throw new GrainOverloadedException(_owner.GrainId, _capacity);
            }

            _queue.Enqueue(item);
            schedule = TryClaimLoop();
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        return true;
    }

    /// <summary>Queues the first item without starting the loop (the activation turn).</summary>
    public void Prime(WorkItem item)
    {
        lock (_lock)
        {
            _queue.Enqueue(item);
        }
    }

    /// <summary>Stops accepting items; <paramref name="finalItem"/> runs once no turn is running.
    /// Returns false when already closed.</summary>
    public bool Close(WorkItem finalItem)
    {
        bool schedule;
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            _closed = true;
            _finalItem = finalItem;
            schedule = TryClaimLoop();
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        return true;
    }

    /// <summary>Takes every item still queued; called by the final turn once the mailbox is closed.</summary>
    public List<WorkItem> DrainQueued()
    {
        lock (_lock)
        {
            var items = new List<WorkItem>(_queue);
            _queue.Clear();
            return items;
        }
    }

    // Must hold _lock. Whoever flips _loopActive owns the loop and must schedule it.
    private bool TryClaimLoop()
    {
        if (_loopActive || !CanStartNext())
        {
            return false;
        }

        _loopActive = true;
        return true;
    }

    // Must hold _lock.
    private bool CanStartNext()
    {
        if (_writerRunning)
        {
            return false;
        }

        if (_finalItem is not null)
        {
            return _readersRunning == 0;
        }

        if (_closed || _queue.Count == 0)
        {
            return false;
        }

        return _readersRunning == 0 || _queue.Peek().IsReadOnly;
    }
}

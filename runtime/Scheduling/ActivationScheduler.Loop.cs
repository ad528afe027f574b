using System.Diagnostics;
using FlashSale.Runtime.Activation;

namespace FlashSale.Runtime.Scheduling;

internal sealed partial class ActivationScheduler
{
    /// <summary>The message loop: runs on the thread pool, owned by whoever set _loopActive.</summary>
    public void Execute()
    {
        var sliceStart = Stopwatch.GetTimestamp();
        while (true)
        {
            WorkItem item;
            lock (_lock)
            {
                if (!CanStartNext())
                {
                    _loopActive = false;
                    return;
                }

                if (_finalItem is not null)
                {
                    item = _finalItem;
                    _finalItem = null;
                    _writerRunning = true;
                }
                else
                {
                    item = _queue.Dequeue();
                    if (!item.TryStart())
                    {
                        continue;
                    }

                    if (item.IsReadOnly)
                    {
                        _readersRunning++;
                    }
                    else
                    {
                        _writerRunning = true;
                        if (_maxBatchSize > 1 && item is IBatchableCall { Method.SupportsBatching: true } call)
                        {
                            item = FormBatch(call, item);
                        }
                    }
                }
            }

            RunTurn(item);

            if (Stopwatch.GetTimestamp() - sliceStart > TimeSliceTicks)
            {
                // Yield the thread but keep owning the loop: the re-queued work item continues it.
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                return;
            }
        }
    }

    private void RunTurn(WorkItem item)
    {
        Task turn;
        try
        {
            turn = item.ExecuteAsync(_owner);
        }
        catch (Exception exception)
        {
            turn = Task.FromException(exception);
        }

        if (turn.IsCompleted)
        {
            // Synchronous fast path: no continuation, no thread hop.
            OnTurnCompleted(item, turn, inline: true);
        }
        else
        {
            turn.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(item.GetTurnContinuation(this, turn));
        }
    }

    /// <summary>Ends a turn: lets the activation react (deactivate on request or inconsistent
    /// state), answers the caller, then frees the activation for the next turn.</summary>
    internal void OnTurnCompleted(WorkItem item, Task turn, bool inline)
    {
        _owner.OnTurnEnded(turn);
        item.OnCompleted(turn);

        bool schedule = false;
        lock (_lock)
        {
            if (item.IsReadOnly)
            {
                _readersRunning--;
            }
            else
            {
                _writerRunning = false;
            }

            if (!inline)
            {
                schedule = TryClaimLoop();
            }
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }
}

namespace FlashSale.Grains.Common;

/// <summary>Settings of the grains' group commit (configuration section "Grains:GroupCommit").</summary>
public sealed class GroupCommitOptions
{
    /// <summary>On (default): the changes made while a write runs share the next write. Off: one
    /// write per change, still one at a time and in order (for comparisons in load tests).</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>Group commit for a reentrant grain (Orleans' BatchWorker idea, specialised): calls
/// change the grain's state in memory, synchronously, then await <see cref="CommitAsync"/>; one
/// write runs at a time, and every call that changed state while a write was running is covered by
/// the next single write. Nothing is answered before the write covering it is durable. Calls that
/// changed nothing but read state await <see cref="SettledAsync"/>, so they never answer from a
/// change that could still be lost.
///
/// A failed write poisons the commit: the in-memory state is then ahead of storage (and of what
/// callers were told), so that write's callers and every later one get the failure, and the grain
/// must deactivate (the owner passes <paramref name="onFailure"/>) to reload what storage holds.
/// Runs on the grain's scheduler only, so it needs no locks.</summary>
internal sealed class GroupCommit(Func<Task> write, Action<Exception> onFailure, bool batching = true)
{
    // Batches not yet written, oldest first; with batching only the last one takes new callers.
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private TaskCompletionSource? _inFlight;
    private bool _running;
    private Exception? _failure;

    /// <summary>Writes run so far (for logs and tests).</summary>
    public long Writes { get; private set; }

    /// <summary>Completes when a write that began after this call is durable.</summary>
    public Task CommitAsync()
    {
        if (_failure is not null)
        {
            return Task.FromException(_failure);
        }

        TaskCompletionSource batch;
        if (batching && _waiting.Count > 0)
        {
            batch = _waiting.Peek();
        }
        else
        {
            batch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(batch);
        }

        if (!_running)
        {
            _ = RunAsync();
        }

        return batch.Task;
    }

    /// <summary>Completes when every change made so far is durable (at once when none is pending).</summary>
    public Task SettledAsync()
    {
        if (_failure is not null)
        {
            return Task.FromException(_failure);
        }

        // The newest batch is written last, so its completion covers every earlier change.
        TaskCompletionSource? last = null;
        foreach (var batch in _waiting)
        {
            last = batch;
        }

        return (last ?? _inFlight)?.Task ?? Task.CompletedTask;
    }

    private async Task RunAsync()
    {
        _running = true;
        try
        {
            while (_waiting.TryDequeue(out var batch))
            {
                _inFlight = batch;
                try
                {
                    await write();
                    Writes++;
                    batch.SetResult();
                }
                catch (Exception exception)
                {
                    _failure = exception;
                    batch.SetException(exception);
                    while (_waiting.TryDequeue(out var later))
                    {
                        later.SetException(exception);
                    }

                    onFailure(exception);
                    return;
                }
                finally
                {
                    _inFlight = null;
                }
            }
        }
        finally
        {
            _running = false;
        }
    }
}

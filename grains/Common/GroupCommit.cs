namespace FlashSale.Grains.Common;

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
internal sealed class GroupCommit(Func<Task> write, Action<Exception> onFailure)
{
    private TaskCompletionSource? _next;
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

        var next = _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_running)
        {
            _ = RunAsync();
        }

        return next.Task;
    }

    /// <summary>Completes when every change made so far is durable (at once when none is pending).</summary>
    public Task SettledAsync() =>
        _failure is not null ? Task.FromException(_failure)
        : (_next ?? _inFlight)?.Task ?? Task.CompletedTask;

    private async Task RunAsync()
    {
        _running = true;
        try
        {
            while (_next is { } batch)
            {
                _next = null;
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
                    _next?.SetException(exception);
                    _next = null;
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

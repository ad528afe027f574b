using FlashSale.Runtime.Activation;
using FlashSale.Runtime.Logging;

namespace FlashSale.Runtime.Timers;

/// <summary>A grain timer: each tick is queued as a turn of its activation, so the callback never
/// overlaps another turn. The next tick is armed only when the previous one starts, so ticks never
/// pile up in the mailbox. Driven by the runtime's <see cref="TimeProvider"/>.</summary>
internal sealed class GrainTimer : IDisposable
{
    private readonly ActivationData _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly TimeSpan _period;
    private readonly CancellationTokenSource _disposed = new();
    private ITimer? _timer;

    public GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, TimeSpan period)
    {
        _activation = activation;
        _callback = callback;
        _period = period;
    }

    public void Start(TimeSpan dueTime)
    {
        _timer = _activation.Runtime.Time.CreateTimer(static state => ((GrainTimer)state!).OnTick(), this, dueTime, Timeout.InfiniteTimeSpan);
    }

    private void OnTick()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        try
        {
            if (_activation.Scheduler.TryEnqueue(new TimerWorkItem(this)))
            {
                return;
            }
        }
        catch (GrainOverloadedException)
        {
            RuntimeLog.TimerTickDropped(_activation.Runtime.Logger, _activation.GrainId);
            ArmNext();
        }
    }

    internal Task RunTickAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        // Arming when the tick starts (not when it is queued) keeps at most one tick waiting
        // in the mailbox, however slow the callback is.
        ArmNext();
        return _callback(_disposed.Token);
    }

    internal void OnTickCompleted(Task turn)
    {
        if (turn.IsFaulted)
        {
            RuntimeLog.TimerFailed(_activation.Runtime.Logger, _activation.GrainId, turn.Exception!.InnerException!);
        }
    }

    private void ArmNext()
    {
        if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero && !_disposed.IsCancellationRequested)
        {
            _timer?.Change(_period, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _timer?.Dispose();
        _activation.RemoveTimer(this);
    }
}

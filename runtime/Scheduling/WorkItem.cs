using FlashSale.Runtime.Activation;

namespace FlashSale.Runtime.Scheduling;

/// <summary>One turn waiting in an activation's mailbox: a call, a timer tick, a reminder, or
/// the engine's own activate/deactivate turns.</summary>
internal abstract class WorkItem
{
    private Action? _onTurnCompleted;

    /// <summary>Read-only turns may overlap other read-only turns, never a writing one.</summary>
    public virtual bool IsReadOnly => false;

    /// <summary>Claims the item for execution; false when it was cancelled while queued, in which
    /// case it is dropped without running.</summary>
    public virtual bool TryStart() => true;

    /// <summary>True once the item was cancelled or failed while queued: it will never run, so a
    /// batch may skip over it.</summary>
    public virtual bool IsAbandoned => false;

    /// <summary>Starts the turn. Runs synchronously up to the grain's first await.</summary>
    public abstract Task ExecuteAsync(ActivationData activation);

    /// <summary>Reports the finished turn to whoever waits for it.</summary>
    public abstract void OnCompleted(Task turn);

    /// <summary>The activation closed before this item ran. <paramref name="failure"/> is set when
    /// the activation failed to activate; otherwise the item should go to the next activation.</summary>
    public abstract void Reroute(ActivationData closed, Exception? failure);

    // One delegate per item that actually goes async; synchronous turns allocate none.
    internal Action GetTurnContinuation(ActivationScheduler scheduler, Task turn)
    {
        return _onTurnCompleted ??= () => scheduler.OnTurnCompleted(this, turn, inline: false);
    }
}

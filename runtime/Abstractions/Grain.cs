namespace FlashSale.Runtime;

/// <summary>Base class of grain implementations (Orleans' programming model): one turn at a
/// time per activation, a turn spans its awaits. Grain code never uses ConfigureAwait(false).</summary>
public abstract class Grain
{
    private IGrainContext? _context;

    /// <summary>Set by the engine right after construction, before <see cref="OnActivateAsync"/>.</summary>
    internal IGrainContext Context
    {
        get => _context ?? throw new InvalidOperationException("the grain is not attached to an activation");
        set => _context = value;
    }

    public GrainId GrainId => Context.GrainId;

    public string GetPrimaryKeyString() => Context.GrainId.Key;

    /// <summary>References to other grains. Calls are non-reentrant (Orleans' default): a turn
    /// that awaits a call into a grain which calls back into this one (A→B→A) deadlocks, because
    /// the call back waits in A's mailbox behind the turn awaiting it. There is no per-call timeout
    /// to break it; design call graphs as trees (or pass a CancellationToken the caller cancels).</summary>
    protected IGrainFactory GrainFactory => Context.GrainFactory;

    /// <summary>Runs as the first turn of a new activation (after persistent state is read).</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs as the last turn before the activation is dropped.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Registers a timer whose callback runs as a turn of this activation (never
    /// overlapping another turn). Period <see cref="Timeout.InfiniteTimeSpan"/> fires once.
    /// Timers die with the activation; use reminders for anything that must survive.</summary>
    protected IDisposable RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
        => Context.RegisterTimer(callback, dueTime, period);

    /// <summary>Registers or moves a durable one-shot reminder; the grain must implement
    /// <see cref="IRemindable"/>. Survives restarts: a due reminder re-activates the grain.</summary>
    protected Task SetReminderAsync(string name, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
        => Context.SetReminderAsync(name, dueAt, cancellationToken);

    protected Task RemoveReminderAsync(string name, CancellationToken cancellationToken = default)
        => Context.RemoveReminderAsync(name, cancellationToken);

    /// <summary>Asks the engine to deactivate this activation once the current turn ends.</summary>
    protected void DeactivateOnIdle() => Context.DeactivateOnIdle();
}

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    IdleCollection,
    Requested,
    InconsistentState,

    /// <summary>A state write failed; the in-memory state may be ahead of storage.</summary>
    WriteFailed,
    ActivationFailed,
    ShuttingDown,
}

/// <summary>What the engine offers one activation. Implemented by the engine.</summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    IGrainFactory GrainFactory { get; }

    IServiceProvider Services { get; }

    IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period);

    Task SetReminderAsync(string name, DateTimeOffset dueAt, CancellationToken cancellationToken);

    Task RemoveReminderAsync(string name, CancellationToken cancellationToken);

    void DeactivateOnIdle();
}

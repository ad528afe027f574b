using FlashSale.Runtime.Hosting;
using FlashSale.Runtime.Logging;
using FlashSale.Runtime.Scheduling;

namespace FlashSale.Runtime.Activation;

/// <summary>One in-memory instance of a grain: the grain object, its persistent state, its
/// mailbox and timers. Lives in the <see cref="Catalog"/> from first call to deactivation.</summary>
internal sealed partial class ActivationData
{
    private const int NoPendingDeactivation = -1;

    private readonly List<IStateLoader> _states = new(1);
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Grain? _grain;
    private int _status;
    private long _lastActiveTicks;
    private int _pendingDeactivation = NoPendingDeactivation;

    public ActivationData(GrainId grainId, GrainTypeInfo typeInfo, GrainRuntime runtime)
    {
        GrainId = grainId;
        TypeInfo = typeInfo;
        Runtime = runtime;
        Scheduler = new ActivationScheduler(this, runtime.Options.MailboxCapacity, runtime.Options.GroupCommit);
        _lastActiveTicks = runtime.Time.GetUtcNow().UtcTicks;
    }

    public GrainId GrainId { get; }

    public GrainTypeInfo TypeInfo { get; }

    public GrainRuntime Runtime { get; }

    public ActivationScheduler Scheduler { get; }

    public ActivationStatus Status => (ActivationStatus)Volatile.Read(ref _status);

    /// <summary>The grain object; only touched by turns, which run after activation succeeded.</summary>
    public Grain Grain => _grain ?? throw new InvalidOperationException($"activation {GrainId} has no grain instance");

    /// <summary>Completes once the activation is out of the catalog, so a retried call lands on a
    /// fresh activation and never on this one.</summary>
    public Task Deactivated => _deactivated.Task;

    public DateTimeOffset LastActive => new(Interlocked.Read(ref _lastActiveTicks), TimeSpan.Zero);

    /// <summary>Puts the activation turn first in the mailbox; the loop starts with the first call.
    /// Called once, before the activation is published.</summary>
    public void Start() => Scheduler.Prime(new ActivateWorkItem());

    internal void AddState(IStateLoader state) => _states.Add(state);

    /// <summary>Runs after every turn, before its caller is answered.</summary>
    internal void OnTurnEnded(Task turn)
    {
        Interlocked.Exchange(ref _lastActiveTicks, Runtime.Time.GetUtcNow().UtcTicks);
        if (turn.IsFaulted)
        {
            OnTurnFaulted(turn.Exception!.InnerException!);
        }

        var pending = Interlocked.Exchange(ref _pendingDeactivation, NoPendingDeactivation);
        if (pending != NoPendingDeactivation)
        {
            StartDeactivation((DeactivationReason)pending);
        }
    }

    /// <summary>Deactivates after the current turn (DeactivateOnIdle, inconsistent state).</summary>
    internal void RequestDeactivation(DeactivationReason reason) => Interlocked.Exchange(ref _pendingDeactivation, (int)reason);

    /// <summary>Asks for deactivation once running turns end; queued calls move to a new activation.</summary>
    public void StartDeactivation(DeactivationReason reason, Exception? failure = null)
    {
        if (Scheduler.Close(new DeactivateWorkItem(reason, failure)))
        {
            SetStatus(ActivationStatus.Deactivating);
        }
    }

    private void SetStatus(ActivationStatus status) => Volatile.Write(ref _status, (int)status);
}

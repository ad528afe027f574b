namespace FlashSale.Grains.Common;

/// <summary>Base of the grains whose whole state is one Orleans persistent state (room, coupon
/// pool, shopper, directory; provider FlashSale.Storage.FlashSaleStorage.ProviderName). Changes are applied in
/// memory and then written through a <see cref="GroupCommit"/>; a failed write drops the
/// activation so the next one reloads what storage really holds instead of answering from changes
/// that were never persisted.</summary>
internal abstract class StatefulGrain<TState> : FlashSaleGrain
    where TState : class, new()
{
    private readonly IPersistentState<TState> _state;
    private readonly GroupCommit _commit;

    protected StatefulGrain(IPersistentState<TState> state, TimeProvider time, GroupCommitOptions? groupCommit = null)
        : base(time)
    {
        _state = state;
        _commit = new GroupCommit(() => _state.WriteStateAsync(), _ => DeactivateOnIdle(), groupCommit?.Enabled ?? true);
    }

    protected TState State => _state.State;

    /// <summary>Writes the state (joining a write other calls wait for, when the grain is reentrant).</summary>
    protected Task PersistAsync(CancellationToken cancellationToken = default) => _commit.CommitAsync();

    /// <summary>Completes when every change made so far is durable.</summary>
    protected Task SettledAsync() => _commit.SettledAsync();
}

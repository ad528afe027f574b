using FlashSale.Runtime;

namespace FlashSale.Grains.Common;

/// <summary>Base of grains with one persistent state. Changes are applied in memory and then
/// written; a failed write drops the activation so the next one reloads what storage really
/// holds instead of answering from changes that were never persisted.</summary>
internal abstract class StatefulGrain<TState>(IPersistentState<TState> state) : Grain
    where TState : class, new()
{
    protected TState State => state.State;

    /// <summary>The persistent state itself, for staging SQL rows with the next write.</summary>
    protected IPersistentState<TState> PersistentState => state;

    protected async Task PersistAsync(CancellationToken cancellationToken)
    {
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}

using FlashSale.Runtime.Storage;

namespace FlashSale.Runtime;

/// <summary>Grain-facing helpers for staged rows.</summary>
public static class StagedRowExtensions
{
    /// <summary>Stages a row of a whitelisted table (orders, wallet_ledger) to be upserted with the
    /// next <see cref="IPersistentState{TState}.WriteStateAsync"/>, atomically with the state.</summary>
    /// <exception cref="NotSupportedException">The state was not created by the engine.</exception>
    public static void StageRow<TState>(this IPersistentState<TState> state, string table, IReadOnlyDictionary<string, object?> columns)
        where TState : class, new()
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state is not IStagedRows staged)
        {
            throw new NotSupportedException($"{state.GetType().Name} cannot stage rows");
        }

        staged.StageRow(table, columns);
    }
}

namespace FlashSale.Runtime.Storage;

/// <summary>Implemented by the engine's persistent state: rows staged during a turn are written by
/// the next <see cref="IPersistentState{TState}.WriteStateAsync"/>, in the same transaction.</summary>
public interface IStagedRows
{
    /// <summary>Stages a row (see <see cref="StagedRow.Create"/> for the checks). Staging the same key
    /// twice keeps the last. The next write attempt takes all staged rows, whether it succeeds or
    /// fails: a grain that retries a failed write stages its rows again.</summary>
    void StageRow(string table, IReadOnlyDictionary<string, object?> columns);

    /// <summary>Rows staged and not yet taken by a write.</summary>
    int StagedRowCount { get; }
}

namespace FlashSale.Runtime.Storage;

/// <summary>A grain storage that can upsert <see cref="StagedRow"/>s atomically with a state
/// write: the rows are written if and only if the versioned state write succeeds.</summary>
public interface IRowStagingGrainStorage : IGrainStorage
{
    /// <summary>As <see cref="IGrainStorage.WriteAsync"/>, and upserts <paramref name="rows"/> (insert,
    /// or update the given columns of an existing row with the same key) in the same transaction.
    /// A version conflict writes neither the state nor any row.</summary>
    Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, IReadOnlyList<StagedRow> rows, CancellationToken cancellationToken);

    /// <summary>Every row of a staged-row table, columns normalized as in <see cref="StagedRow.Columns"/>
    /// (for tests and tools; operators query the SQL tables directly).</summary>
    Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadRowsAsync(string table, CancellationToken cancellationToken);
}

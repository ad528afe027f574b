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

    /// <summary>The rows of a staged-row table whose text column <paramref name="column"/> equals
    /// <paramref name="value"/>, ordered by key. The SQL providers answer from an index (orders by
    /// drop_id, by user_id; see <see cref="StagedRowSchema"/>), which is how a grain reloads its own
    /// rows on activation. This default filters <see cref="ReadRowsAsync(string, CancellationToken)"/>.</summary>
    /// <exception cref="ArgumentException">Unknown table, or a column that is not a text column of it.</exception>
    async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadRowsAsync(string table, string column, string value, CancellationToken cancellationToken)
    {
        StagedRowSql.Filter(table, column);
        var rows = await ReadRowsAsync(table, cancellationToken).ConfigureAwait(false);
        return [.. rows.Where(row => row.TryGetValue(column, out var cell) && cell is string text && string.Equals(text, value, StringComparison.Ordinal))];
    }
}

namespace FlashSale.Runtime.Storage.Resilience;

/// <summary>Decorates a grain storage with <see cref="StorageResilience"/>. A retried versioned
/// write cannot apply twice (the version check refuses the second), but after an attempt whose
/// outcome is unknown (connection lost after sending, timeout) a refusal may just mean the first
/// attempt committed: the stored data is then re-read, and "it equals what we wrote" is success,
/// anything else the genuine conflict. So callers see neither a double write, nor a spurious
/// conflict, nor a success for a write that did not happen.</summary>
public sealed partial class ResilientGrainStorage(IGrainStorage inner, StorageResilience resilience) : IRowStagingGrainStorage
{
    /// <summary>The decorated provider.</summary>
    public IGrainStorage Inner => inner;

    public Task<StoredState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken) =>
        resilience.ExecuteAsync(static (s, ct) => s.inner.ReadAsync(s.grainId, ct), (inner, grainId), cancellationToken);

    public Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken) =>
        WriteCheckedAsync(new WriteCall(grainId, data, expectedEtag, null), cancellationToken);

    public Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, IReadOnlyList<StagedRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (inner is not IRowStagingGrainStorage)
        {
            throw new NotSupportedException($"grain storage {inner.GetType().Name} cannot write staged rows");
        }

        return WriteCheckedAsync(new WriteCall(grainId, data, expectedEtag, rows), cancellationToken);
    }

    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadRowsAsync(string table, CancellationToken cancellationToken) =>
        inner is IRowStagingGrainStorage rows
            ? resilience.ExecuteAsync(static (s, ct) => s.rows.ReadRowsAsync(s.table, ct), (rows, table), cancellationToken)
            : throw new NotSupportedException($"grain storage {inner.GetType().Name} has no staged-row tables");

    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadRowsAsync(string table, string column, string value, CancellationToken cancellationToken) =>
        inner is IRowStagingGrainStorage rows
            ? resilience.ExecuteAsync(static (s, ct) => s.rows.ReadRowsAsync(s.table, s.column, s.value, ct), (rows, table, column, value), cancellationToken)
            : throw new NotSupportedException($"grain storage {inner.GetType().Name} has no staged-row tables");

    public async Task ClearAsync(GrainId grainId, string? expectedEtag, CancellationToken cancellationToken)
    {
        var call = new ClearCall(grainId, expectedEtag);
        await resilience.ExecuteAsync(ClearAttemptAsync, call, cancellationToken).ConfigureAwait(false);
    }

    private Task<string> WriteCheckedAsync(WriteCall call, CancellationToken cancellationToken) =>
        resilience.ExecuteAsync(WriteAttemptAsync, call, cancellationToken);
}

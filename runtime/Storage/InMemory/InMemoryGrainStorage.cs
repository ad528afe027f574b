using System.Globalization;

namespace FlashSale.Runtime.Storage.InMemory;

/// <summary>Grain storage in a dictionary, for tests and single-process demos. Same version
/// semantics as the durable providers.</summary>
public sealed class InMemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<GrainId, StoredState> _rows = [];
    private long _nextVersion;

    public Task<StoredState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            return Task.FromResult(_rows.TryGetValue(grainId, out var row) ? Copy(row) : null);
        }
    }

    public Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            Check(grainId, expectedEtag);
            var etag = (++_nextVersion).ToString(CultureInfo.InvariantCulture);
            _rows[grainId] = new StoredState(data.ToArray(), etag);
            return Task.FromResult(etag);
        }
    }

    public Task ClearAsync(GrainId grainId, string? expectedEtag, CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            Check(grainId, expectedEtag);
            _rows.Remove(grainId);
            return Task.CompletedTask;
        }
    }

    private void Check(GrainId grainId, string? expectedEtag)
    {
        var current = _rows.TryGetValue(grainId, out var row) ? row.Etag : null;
        if (!string.Equals(current, expectedEtag, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"version conflict on {grainId}: expected {expectedEtag ?? "<none>"}, stored {current ?? "<none>"}");
        }
    }

    // Callers own the returned bytes; the stored copy must not change under them.
    private static StoredState Copy(StoredState row) => row with { Data = (byte[])row.Data.Clone() };
}

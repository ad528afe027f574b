using System.Globalization;

namespace FlashSale.Runtime.Storage.InMemory;

/// <summary>Grain storage in a dictionary, for tests and single-process demos. Same version
/// semantics as the durable providers; staged rows are kept in memory tables so tests can read them.</summary>
public sealed class InMemoryGrainStorage : IRowStagingGrainStorage
{
    private readonly Dictionary<GrainId, StoredState> _rows = [];
    private readonly Dictionary<string, Dictionary<string, IReadOnlyDictionary<string, object?>>> _tables = [];
    private long _nextVersion;

    public Task<StoredState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            return Task.FromResult(_rows.TryGetValue(grainId, out var row) ? Copy(row) : null);
        }
    }

    public Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken) =>
        WriteAsync(grainId, data, expectedEtag, [], cancellationToken);

    public Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, IReadOnlyList<StagedRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        lock (_rows)
        {
            Check(grainId, expectedEtag);
            var etag = (++_nextVersion).ToString(CultureInfo.InvariantCulture);
            _rows[grainId] = new StoredState(data.ToArray(), etag);
            foreach (var row in rows)
            {
                Upsert(row);
            }

            return Task.FromResult(etag);
        }
    }

    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadRowsAsync(string table, CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            IReadOnlyList<IReadOnlyDictionary<string, object?>> rows = _tables.TryGetValue(table, out var stored) ? [.. stored.Values] : [];
            return Task.FromResult(rows);
        }
    }

    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadRowsAsync(string table, string column, string value, CancellationToken cancellationToken)
    {
        var schema = StagedRowSql.Filter(table, column);
        lock (_rows)
        {
            IReadOnlyList<IReadOnlyDictionary<string, object?>> rows = _tables.TryGetValue(schema.Name, out var stored)
                ? [.. stored.Where(pair => Equals(pair.Value[column], value)).OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value)]
                : [];
            return Task.FromResult(rows);
        }
    }

    // Same upsert rule as SQL: a new key inserts the row, a known key updates the given columns.
    private void Upsert(StagedRow row)
    {
        if (!_tables.TryGetValue(row.Table.Name, out var table))
        {
            _tables[row.Table.Name] = table = new Dictionary<string, IReadOnlyDictionary<string, object?>>(StringComparer.Ordinal);
        }

        var merged = row.Table.Columns.Keys.ToDictionary(name => name, object? (_) => null, StringComparer.Ordinal);
        if (table.TryGetValue(row.Key, out var existing))
        {
            foreach (var (name, value) in existing)
            {
                merged[name] = value;
            }
        }

        foreach (var (name, value) in row.Columns)
        {
            merged[name] = value;
        }

        table[row.Key] = merged;
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

using FlashSale.Storage.Serialization;
using Orleans.Runtime;
using Orleans.Storage;

namespace FlashSale.Storage.Sqlite;

/// <summary>Orleans grain storage over the SQLite "grain_state" table, keyed by
/// (<c>grainId.Type</c>, <c>grainId.Key</c>) as text — the same key the engine before Orleans used,
/// so rows it wrote load. The ETag is the row's version; a write or clear with a stale ETag throws
/// <see cref="InconsistentStateException"/> and changes nothing; clearing deletes the row.
/// The state name is not part of the key: FlashSale grains have one state each.</summary>
public sealed class SqliteGrainStorage(SqliteDatabase database, IGrainStorageSerializer? serializer = null) : IGrainStorage
{
    private readonly IGrainStorageSerializer _serializer = serializer ?? ProtobufGrainStorageSerializer.Instance;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var stored = await SqliteStates.ReadAsync(database, grainId.Type.ToString()!, grainId.Key.ToString()!, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = _serializer.Deserialize<T>(new BinaryData(stored.Data));
        grainState.ETag = stored.Etag;
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var data = _serializer.Serialize(grainState.State).ToMemory();
        grainState.ETag = await SqliteStates.WriteAsync<NoRows, object>(database, grainId.Type.ToString()!, grainId.Key.ToString()!, data, grainState.ETag, [], cancellationToken).ConfigureAwait(false);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await SqliteStates.DeleteAsync(database, grainId.Type.ToString()!, grainId.Key.ToString()!, grainState.ETag, cancellationToken).ConfigureAwait(false);
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    // Grains without domain rows write their state alone.
    private sealed class NoRows : ISqliteRowTable<object>
    {
        public static string WriteSql => throw new InvalidOperationException("no rows to write");

        public static void Bind(Microsoft.Data.Sqlite.SqliteCommand command, object row) => throw new InvalidOperationException("no rows to write");
    }
}

using FlashSale.Storage.Serialization;
using Orleans.Runtime;
using Orleans.Storage;

namespace FlashSale.Storage.Memory;

/// <summary>Orleans grain storage in process memory, for tests and the "memory" storage kind. It
/// keeps serialized bytes (so a grain mutating its state after a write does not change what is
/// stored) and versions with the same rules as <see cref="Sqlite.SqliteGrainStorage"/>. Chosen over
/// Orleans' memory storage, which keeps state in storage grains and so needs a running silo.</summary>
public sealed class InMemoryGrainStorage(IGrainStorageSerializer? serializer = null) : IGrainStorage
{
    private readonly IGrainStorageSerializer _serializer = serializer ?? ProtobufGrainStorageSerializer.Instance;
    private readonly InMemoryStates _states = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var stored = _states.Read(grainId.ToString());
        grainState.State = stored is null ? Activator.CreateInstance<T>() : _serializer.Deserialize<T>(new BinaryData(stored.Data));
        grainState.ETag = stored?.Etag;
        grainState.RecordExists = stored is not null;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var data = _serializer.Serialize(grainState.State).ToMemory();
        lock (_states.Gate)
        {
            grainState.ETag = _states.WriteLocked(grainId.ToString(), data, grainState.ETag);
        }

        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        _states.Delete(grainId.ToString(), grainState.ETag);
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}

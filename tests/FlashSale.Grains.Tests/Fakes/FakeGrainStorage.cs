using Google.Protobuf;
using Orleans.Storage;

namespace FlashSale.Grains.Tests.Fakes;

/// <summary>An in-memory grain storage for the grains' protobuf states that lives outside the silo
/// (Orleans' memory provider keeps its data in grains, which a silo restart loses), under the
/// usual ETag rule: a write or clear naming another version throws
/// <see cref="InconsistentStateException"/> and changes nothing.</summary>
internal sealed class FakeGrainStorage(WriteControl control) : IGrainStorage
{
    private readonly object _lock = new();
    private readonly Dictionary<(string State, GrainId Grain), (byte[] Data, string Etag)> _states = [];
    private long _version;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_lock)
        {
            if (_states.TryGetValue((stateName, grainId), out var stored))
            {
                var message = (IMessage)Activator.CreateInstance(typeof(T))!;
                message.MergeFrom(stored.Data);
                grainState.State = (T)message;
                grainState.ETag = stored.Etag;
                grainState.RecordExists = true;
            }
            else
            {
                grainState.State = Activator.CreateInstance<T>();
                grainState.ETag = null;
                grainState.RecordExists = false;
            }
        }

        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // Serialized before the first await, on the grain's scheduler, as the real providers do: a
        // reentrant grain goes on changing its state while the write is held.
        var data = ((IMessage)grainState.State!).ToByteArray();
        await control.BeforeWriteAsync().ConfigureAwait(false);
        lock (_lock)
        {
            CheckVersion(stateName, grainId, grainState.ETag);
            var etag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _states[(stateName, grainId)] = (data, etag);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }

        control.Written(grainId.Type.ToString()!);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_lock)
        {
            CheckVersion(stateName, grainId, grainState.ETag);
            _states.Remove((stateName, grainId));
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    private void CheckVersion(string stateName, GrainId grainId, string? expected)
    {
        var stored = _states.TryGetValue((stateName, grainId), out var current) ? current.Etag : null;
        if (stored != expected)
        {
            throw new InconsistentStateException($"{grainId}: version {expected ?? "(none)"} expected, {stored ?? "(none)"} stored", stored, expected);
        }
    }
}

using FlashSale.Runtime;
using FlashSale.Runtime.Storage;
using FlashSale.Runtime.Storage.InMemory;

namespace FlashSale.Grains.Tests.GroupCommit;

/// <summary>In-memory storage (staged rows included) that counts writes per grain type, can hold
/// writes at a gate, slow them down, or fail the next few.</summary>
internal sealed class ControlledGrainStorage : IRowStagingGrainStorage
{
    private readonly InMemoryGrainStorage _inner = new();
    private readonly Dictionary<string, int> _writes = [];
    private TaskCompletionSource? _gate;
    private int _failNext;

    public InMemoryGrainStorage Inner => _inner;

    /// <summary>Each write waits this long first, so calls pile up in the mailbox meanwhile.</summary>
    public TimeSpan WriteDelay { get; set; }

    /// <summary>Completes when a write reaches a closed gate.</summary>
    public TaskCompletionSource WriteHeld { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Writes(string grainType)
    {
        lock (_writes)
        {
            return _writes.GetValueOrDefault(grainType);
        }
    }

    /// <summary>Writes from now on wait until <see cref="OpenGate"/>.</summary>
    public void CloseGate()
    {
        WriteHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    public void OpenGate() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    /// <summary>The next <paramref name="count"/> writes fail as unavailable, writing nothing.</summary>
    public void FailNextWrites(int count) => Volatile.Write(ref _failNext, count);

    public Task<StoredState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken) => _inner.ReadAsync(grainId, cancellationToken);

    public Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken) =>
        WriteAsync(grainId, data, expectedEtag, [], cancellationToken);

    public async Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, IReadOnlyList<StagedRow> rows, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _gate) is { } gate)
        {
            WriteHeld.TrySetResult();
            await gate.Task;
        }

        if (WriteDelay > TimeSpan.Zero)
        {
            await Task.Delay(WriteDelay, CancellationToken.None);
        }

        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            throw new StorageUnavailableException("storage failed the write (test)");
        }

        var etag = await _inner.WriteAsync(grainId, data, expectedEtag, rows, cancellationToken);
        lock (_writes)
        {
            _writes[grainId.Type] = _writes.GetValueOrDefault(grainId.Type) + 1;
        }

        return etag;
    }

    public Task ClearAsync(GrainId grainId, string? expectedEtag, CancellationToken cancellationToken) => _inner.ClearAsync(grainId, expectedEtag, cancellationToken);

    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadRowsAsync(string table, CancellationToken cancellationToken) =>
        _inner.ReadRowsAsync(table, cancellationToken);
}

using FlashSale.Runtime.Storage;
using FlashSale.Runtime.Storage.InMemory;

namespace FlashSale.Runtime.Tests.GroupCommit;

/// <summary>In-memory storage that counts state writes and can be switched off.</summary>
public sealed class CountingGrainStorage : IGrainStorage
{
    private readonly InMemoryGrainStorage _inner = new();
    private int _writes;
    private volatile bool _down;

    /// <summary>Successful state writes.</summary>
    public int Writes => Volatile.Read(ref _writes);

    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    public Task<StoredState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        return _inner.ReadAsync(grainId, cancellationToken);
    }

    public async Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        var etag = await _inner.WriteAsync(grainId, data, expectedEtag, cancellationToken);
        Interlocked.Increment(ref _writes);
        return etag;
    }

    public Task ClearAsync(GrainId grainId, string? expectedEtag, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        return _inner.ClearAsync(grainId, expectedEtag, cancellationToken);
    }

    private void ThrowIfDown()
    {
        if (_down)
        {
            throw new StorageUnavailableException("storage is down (test)");
        }
    }
}

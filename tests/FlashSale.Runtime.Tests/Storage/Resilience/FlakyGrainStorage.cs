using FlashSale.Runtime.Storage;
using FlashSale.Runtime.Storage.InMemory;

namespace FlashSale.Runtime.Tests.Storage.Resilience;

/// <summary>How the next call to <see cref="FlakyGrainStorage"/> fails.</summary>
public enum Flake
{
    /// <summary>Unavailable before anything is written.</summary>
    Before,

    /// <summary>The write commits, then the reply is lost (outcome unknown to the caller).</summary>
    After,

    /// <summary>Another writer commits different data, then this call fails unavailable.</summary>
    Raced,
}

/// <summary>An in-memory storage that fails on demand: a queue of one-shot failures, or down for good.</summary>
public sealed class FlakyGrainStorage : IRowStagingGrainStorage, IReminderTable
{
    private readonly InMemoryGrainStorage _inner = new();
    private readonly InMemoryReminderTable _reminders = new();
    private readonly Queue<Flake> _flakes = new();
    private int _calls;

    public bool Down { get; set; }

    /// <summary>Calls that reached this storage (including failed ones).</summary>
    public int Calls => Volatile.Read(ref _calls);

    public InMemoryGrainStorage Inner => _inner;

    public void FailNext(params Flake[] flakes)
    {
        lock (_flakes)
        {
            foreach (var flake in flakes)
            {
                _flakes.Enqueue(flake);
            }
        }
    }

    public Task<StoredState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        Enter();
        return _inner.ReadAsync(grainId, cancellationToken);
    }

    public Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken) =>
        WriteAsync(grainId, data, expectedEtag, [], cancellationToken);

    public async Task<string> WriteAsync(GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, IReadOnlyList<StagedRow> rows, CancellationToken cancellationToken)
    {
        switch (Enter())
        {
            case Flake.After:
                await _inner.WriteAsync(grainId, data, expectedEtag, rows, cancellationToken);
                throw new StorageUnavailableException("connection lost after the write was sent");
            case Flake.Raced:
                await _inner.WriteAsync(grainId, "someone else"u8.ToArray(), expectedEtag, cancellationToken);
                throw new StorageUnavailableException("connection lost; another writer got in");
            default:
                return await _inner.WriteAsync(grainId, data, expectedEtag, rows, cancellationToken);
        }
    }

    public async Task ClearAsync(GrainId grainId, string? expectedEtag, CancellationToken cancellationToken)
    {
        var flake = Enter();
        await _inner.ClearAsync(grainId, expectedEtag, cancellationToken);
        if (flake == Flake.After)
        {
            throw new StorageUnavailableException("connection lost after the delete was sent");
        }
    }

    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadRowsAsync(string table, CancellationToken cancellationToken) =>
        _inner.ReadRowsAsync(table, cancellationToken);

    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        Enter();
        return _reminders.UpsertAsync(entry, cancellationToken);
    }

    public Task RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        Enter();
        return _reminders.RemoveAsync(grainId, name, cancellationToken);
    }

    public Task<bool> RemoveIfDueAtAsync(GrainId grainId, string name, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        Enter();
        return _reminders.RemoveIfDueAtAsync(grainId, name, dueAt, cancellationToken);
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        Enter();
        return _reminders.ReadDueAsync(until, cancellationToken);
    }

    // Returns the flake to apply after the call (After/Raced) or null; throws for Before and Down.
    private Flake? Enter()
    {
        Interlocked.Increment(ref _calls);
        if (Down)
        {
            throw new StorageUnavailableException("storage is down");
        }

        lock (_flakes)
        {
            if (!_flakes.TryDequeue(out var flake))
            {
                return null;
            }

            return flake == Flake.Before ? throw new StorageUnavailableException("transient failure") : flake;
        }
    }
}

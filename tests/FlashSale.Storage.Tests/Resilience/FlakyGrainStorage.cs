using FlashSale.Storage.Domain;
using FlashSale.Storage.Memory;
using Google.Protobuf.WellKnownTypes;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace FlashSale.Storage.Tests.Resilience;

/// <summary>How the next call to a flaky store fails.</summary>
public enum Flake
{
    /// <summary>Unavailable before anything is written.</summary>
    Before,

    /// <summary>The write commits, then the reply is lost (outcome unknown to the caller).</summary>
    After,

    /// <summary>Another writer commits different data, then this call fails unavailable.</summary>
    Raced,
}

/// <summary>Shared failure script: a queue of one-shot failures, or down for good.</summary>
public sealed class FlakeScript
{
    private readonly Queue<Flake> _flakes = new();
    private int _calls;

    public bool Down { get; set; }

    /// <summary>Calls that reached the store (including failed ones).</summary>
    public int Calls => Volatile.Read(ref _calls);

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

    /// <summary>The flake to apply after the call (After/Raced) or null; throws for Before and Down.</summary>
    public Flake? Enter()
    {
        Interlocked.Increment(ref _calls);
        if (Down)
        {
            throw new StorageUnavailableException("storage is down");
        }

        lock (_flakes)
        {
            return !_flakes.TryDequeue(out var flake) ? null
                : flake == Flake.Before ? throw new StorageUnavailableException("transient failure") : flake;
        }
    }
}

/// <summary>An in-memory Orleans grain storage that fails on demand.</summary>
public sealed class FlakyGrainStorage : IGrainStorage
{
    public FlakeScript Script { get; } = new();

    public InMemoryGrainStorage Inner { get; } = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Script.Enter();
        return Inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        switch (Script.Enter())
        {
            case Flake.After:
                var etag = grainState.ETag;
                await Inner.WriteStateAsync(stateName, grainId, grainState);
                grainState.ETag = etag; // the caller never saw the reply
                throw new StorageUnavailableException("connection lost after the write was sent");
            case Flake.Raced:
                var theirs = new Support.TestGrainState<StringValue> { State = new StringValue { Value = "someone else" }, ETag = grainState.ETag };
                await Inner.WriteStateAsync(stateName, grainId, theirs);
                throw new StorageUnavailableException("connection lost; another writer got in");
            default:
                await Inner.WriteStateAsync(stateName, grainId, grainState);
                break;
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var flake = Script.Enter();
        var etag = grainState.ETag;
        await Inner.ClearStateAsync(stateName, grainId, grainState);
        if (flake == Flake.After)
        {
            grainState.ETag = etag;
            throw new StorageUnavailableException("connection lost after the delete was sent");
        }
    }
}

/// <summary>An in-memory drop store that fails on demand.</summary>
public sealed class FlakyDropStore : IDropStore
{
    public FlakeScript Script { get; } = new();

    public InMemoryDropStore Inner { get; } = new();

    public Task<OwnedState?> ReadStateAsync(string dropId, CancellationToken cancellationToken)
    {
        Script.Enter();
        return Inner.ReadStateAsync(dropId, cancellationToken);
    }

    public Task<IReadOnlyList<OrderRow>> ReadOrdersAsync(string dropId, CancellationToken cancellationToken)
    {
        Script.Enter();
        return Inner.ReadOrdersAsync(dropId, cancellationToken);
    }

    public async Task<string> WriteAsync(string dropId, ReadOnlyMemory<byte> state, string? expectedEtag, IReadOnlyCollection<OrderRow> orders, CancellationToken cancellationToken)
    {
        var flake = Script.Enter();
        var etag = await Inner.WriteAsync(dropId, state, expectedEtag, orders, cancellationToken);
        return flake == Flake.After ? throw new StorageUnavailableException("connection lost after the write was sent") : etag;
    }

    public Task<IReadOnlyList<string>> OrderIdsOfUserAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        Script.Enter();
        return Inner.OrderIdsOfUserAsync(userId, limit, cancellationToken);
    }
}

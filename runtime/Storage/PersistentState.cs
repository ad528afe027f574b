using FlashSale.Runtime.Activation;

namespace FlashSale.Runtime.Storage;

/// <summary>The engine's <see cref="IPersistentState{TState}"/>: bound to the activation under
/// construction, read before OnActivateAsync, written with the version it last saw.</summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IStateLoader where TState : class, new()
{
    private readonly ActivationData _activation;
    private readonly IGrainStorage _storage;

    public PersistentState(IGrainStorage storage)
    {
        _activation = ActivationConstruction.Current
            ?? throw new InvalidOperationException("IPersistentState<T> can only be injected into a grain constructor");
        _storage = storage;
        _activation.AddState(this);
    }

    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await _storage.ReadAsync(_activation.GrainId, cancellationToken).ConfigureAwait(true);
        if (stored is null)
        {
            State = new TState();
            Etag = null;
            return;
        }

        State = StateSerializer<TState>.Deserialize(stored.Data);
        Etag = stored.Etag;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var data = StateSerializer<TState>.Serialize(State);
        try
        {
            Etag = await _storage.WriteAsync(_activation.GrainId, data, Etag, cancellationToken).ConfigureAwait(true);
        }
        catch (InconsistentStateException)
        {
            // A stale activation must not keep serving: another one owns newer state.
            _activation.RequestDeactivation(DeactivationReason.InconsistentState);
            throw;
        }
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _storage.ClearAsync(_activation.GrainId, Etag, cancellationToken).ConfigureAwait(true);
        }
        catch (InconsistentStateException)
        {
            _activation.RequestDeactivation(DeactivationReason.InconsistentState);
            throw;
        }

        State = new TState();
        Etag = null;
    }
}

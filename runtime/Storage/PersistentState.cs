using FlashSale.Runtime.Activation;

namespace FlashSale.Runtime.Storage;

/// <summary>The engine's <see cref="IPersistentState{TState}"/>: bound to the activation under
/// construction, read before OnActivateAsync, written with the version it last saw. Rows staged
/// through <see cref="IStagedRows"/> go with the next write.</summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IStateLoader, IStagedRows where TState : class, new()
{
    private readonly ActivationData _activation;
    private readonly IGrainStorage _storage;
    // Keyed by (table, row key): staging a row again replaces it in place, in O(1) on the hot path.
    private readonly OrderedDictionary<(string Table, string Key), StagedRow> _staged = [];

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

    public int StagedRowCount => _staged.Count;

    public void StageRow(string table, IReadOnlyDictionary<string, object?> columns)
    {
        var row = StagedRow.Create(table, columns);
        _staged[(row.Table.Name, row.Key)] = row;
    }

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        _staged.Clear();
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

        // Rows belong to this attempt only: a failed write must not smuggle them into a later one.
        StagedRow[] rows = _staged.Count == 0 ? [] : [.. _staged.Values];
        _staged.Clear();
        try
        {
            if (rows.Length == 0)
            {
                Etag = await _storage.WriteAsync(_activation.GrainId, data, Etag, cancellationToken).ConfigureAwait(true);
            }
            else if (_storage is IRowStagingGrainStorage rowStorage)
            {
                Etag = await rowStorage.WriteAsync(_activation.GrainId, data, Etag, rows, cancellationToken).ConfigureAwait(true);
            }
            else
            {
                throw new NotSupportedException($"grain storage {_storage.GetType().Name} cannot write staged rows");
            }
        }
        catch (InconsistentStateException)
        {
            // A stale activation must not keep serving: another one owns newer state.
            _activation.RequestDeactivation(DeactivationReason.InconsistentState);
            throw;
        }
        catch
        {
            // Whatever else failed (storage down, cancelled mid-write, outcome unknown), the
            // in-memory state is now ahead of what is stored: drop it and reload on the next call,
            // so effects nobody was told about cannot ride along with a later write.
            _activation.RequestDeactivation(DeactivationReason.WriteFailed);
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

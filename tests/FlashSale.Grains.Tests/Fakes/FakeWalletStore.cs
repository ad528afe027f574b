using FlashSale.Storage.Domain;
using Orleans.Storage;

namespace FlashSale.Grains.Tests.Fakes;

/// <summary>An in-memory <see cref="IWalletStore"/>: the version rule of the contract, state and
/// ledger entries written together, an entry already stored under its id left as it is.</summary>
internal sealed class FakeWalletStore(WriteControl control) : IWalletStore
{
    public const string Kind = "wallet";

    private readonly object _lock = new();
    private readonly Dictionary<string, OwnedState> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LedgerRow>> _ledgers = new(StringComparer.Ordinal);
    private long _version;

    public Task<OwnedState?> ReadStateAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_states.TryGetValue(userId, out var state) ? new OwnedState([.. state.Data], state.Etag) : null);
        }
    }

    public async Task<string> WriteAsync(string userId, ReadOnlyMemory<byte> state, string? expectedEtag, IReadOnlyCollection<LedgerRow> entries, CancellationToken cancellationToken)
    {
        await control.BeforeWriteAsync().ConfigureAwait(false);
        string etag;
        lock (_lock)
        {
            var stored = _states.GetValueOrDefault(userId)?.Etag;
            if (stored != expectedEtag)
            {
                throw new InconsistentStateException($"wallet {userId}: version {expectedEtag ?? "(none)"} expected, {stored ?? "(none)"} stored", stored, expectedEtag);
            }

            etag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _states[userId] = new OwnedState(state.ToArray(), etag);
            if (!_ledgers.TryGetValue(userId, out var ledger))
            {
                _ledgers[userId] = ledger = [];
            }

            ledger.AddRange(entries.Where(entry => !ledger.Exists(stored => stored.EntryId == entry.EntryId)));
        }

        control.Written(Kind);
        return etag;
    }

    public Task<IReadOnlyList<LedgerRow>> ReadLedgerAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<LedgerRow> rows = _ledgers.TryGetValue(userId, out var ledger) ? [.. ledger] : [];
            return Task.FromResult(rows);
        }
    }

    /// <summary>Every ledger entry of every wallet (for audits in tests).</summary>
    public IReadOnlyList<LedgerRow> AllEntries()
    {
        lock (_lock)
        {
            return [.. _ledgers.Values.SelectMany(ledger => ledger)];
        }
    }
}

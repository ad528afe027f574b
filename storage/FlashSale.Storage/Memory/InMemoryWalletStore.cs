using FlashSale.Storage.Domain;

namespace FlashSale.Storage.Memory;

/// <summary>Wallets in memory (tests, and the "memory" storage kind).</summary>
public sealed class InMemoryWalletStore : IWalletStore
{
    private readonly InMemoryStates _states = new();
    private readonly Dictionary<(string User, string Entry), LedgerRow> _ledger = [];

    public Task<OwnedState?> ReadStateAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_states.Read(userId));

    public Task<string> WriteAsync(string userId, ReadOnlyMemory<byte> state, string? expectedEtag, IReadOnlyCollection<LedgerRow> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_states.Gate)
        {
            var etag = _states.WriteLocked(userId, state, expectedEtag);
            foreach (var entry in entries)
            {
                _ledger.TryAdd((entry.UserId, entry.EntryId), entry);
            }

            return Task.FromResult(etag);
        }
    }

    public Task<IReadOnlyList<LedgerRow>> ReadLedgerAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_states.Gate)
        {
            IReadOnlyList<LedgerRow> rows = [.. _ledger.Values
                .Where(e => string.Equals(e.UserId, userId, StringComparison.Ordinal))
                .OrderBy(e => e.At)
                .ThenBy(e => e.EntryId, StringComparer.Ordinal)];
            return Task.FromResult(rows);
        }
    }
}

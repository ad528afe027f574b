using FlashSale.Storage.Domain;
using Orleans.Storage;

namespace FlashSale.Storage.Resilience;

/// <summary>The same policy around a wallet store.</summary>
public sealed class ResilientWalletStore(IWalletStore inner, StorageResilience resilience) : IWalletStore
{
    public Task<OwnedState?> ReadStateAsync(string userId, CancellationToken cancellationToken) =>
        resilience.ExecuteAsync(static (s, ct) => s.inner.ReadStateAsync(s.userId, ct), (inner, userId), cancellationToken);

    public Task<IReadOnlyList<LedgerRow>> ReadLedgerAsync(string userId, CancellationToken cancellationToken) =>
        resilience.ExecuteAsync(static (s, ct) => s.inner.ReadLedgerAsync(s.userId, ct), (inner, userId), cancellationToken);

    public Task<string> WriteAsync(string userId, ReadOnlyMemory<byte> state, string? expectedEtag, IReadOnlyCollection<LedgerRow> entries, CancellationToken cancellationToken) =>
        ResilientWrites.WriteAsync(
            resilience,
            "wallet/" + userId,
            state,
            (ct) => inner.WriteAsync(userId, state, expectedEtag, entries, ct),
            (ct) => inner.ReadStateAsync(userId, ct),
            cancellationToken);
}

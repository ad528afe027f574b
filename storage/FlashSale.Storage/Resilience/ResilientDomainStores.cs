using FlashSale.Storage.Domain;
using Orleans.Storage;

namespace FlashSale.Storage.Resilience;

/// <summary>The resilience policy of <see cref="ResilientGrainStorage"/> around a drop store. Rows
/// commit in the same transaction as the state, so after an unknown outcome "the stored bytes equal
/// ours" means our rows are there too.</summary>
public sealed class ResilientDropStore(IDropStore inner, StorageResilience resilience) : IDropStore
{
    public Task<OwnedState?> ReadStateAsync(string dropId, CancellationToken cancellationToken) =>
        resilience.ExecuteAsync(static (s, ct) => s.inner.ReadStateAsync(s.dropId, ct), (inner, dropId), cancellationToken);

    public Task<IReadOnlyList<OrderRow>> ReadOrdersAsync(string dropId, CancellationToken cancellationToken) =>
        resilience.ExecuteAsync(static (s, ct) => s.inner.ReadOrdersAsync(s.dropId, ct), (inner, dropId), cancellationToken);

    public Task<IReadOnlyList<string>> OrderIdsOfUserAsync(string userId, int limit, CancellationToken cancellationToken) =>
        resilience.ExecuteAsync(static (s, ct) => s.inner.OrderIdsOfUserAsync(s.userId, s.limit, ct), (inner, userId, limit), cancellationToken);

    public Task<string> WriteAsync(string dropId, ReadOnlyMemory<byte> state, string? expectedEtag, IReadOnlyCollection<OrderRow> orders, CancellationToken cancellationToken) =>
        ResilientWrites.WriteAsync(
            resilience,
            "drop/" + dropId,
            state,
            (ct) => inner.WriteAsync(dropId, state, expectedEtag, orders, ct),
            (ct) => inner.ReadStateAsync(dropId, ct),
            cancellationToken);
}

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

/// <summary>A versioned write under the policy, remembering across attempts whether an earlier one
/// may have committed.</summary>
internal static class ResilientWrites
{
    public static Task<string> WriteAsync(
        StorageResilience resilience,
        string target,
        ReadOnlyMemory<byte> state,
        Func<CancellationToken, Task<string>> write,
        Func<CancellationToken, Task<OwnedState?>> read,
        CancellationToken cancellationToken)
    {
        var outcomeUnknown = false;
        return resilience.ExecuteAsync(
            async (_, ct) =>
            {
                try
                {
                    return await write(ct).ConfigureAwait(false);
                }
                catch (InconsistentStateException) when (outcomeUnknown)
                {
                    var stored = await read(ct).ConfigureAwait(false);
                    if (stored is not null && stored.Data.AsSpan().SequenceEqual(state.Span))
                    {
                        StorageResilienceLog.UnknownWriteCommitted(resilience.Logger, target);
                        return stored.Etag;
                    }

                    throw;
                }
                catch (Exception exception) when (ResilientGrainStorage.MayHaveCommitted(exception, cancellationToken))
                {
                    outcomeUnknown = true;
                    throw;
                }
            },
            0,
            cancellationToken);
    }
}

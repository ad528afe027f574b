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

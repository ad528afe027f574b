using FlashSale.Storage.Domain;

namespace FlashSale.Storage.Memory;

/// <summary>Drops in memory (tests, and the "memory" storage kind): same contract as the SQL stores,
/// nothing survives the process.</summary>
public sealed class InMemoryDropStore : IDropStore
{
    private readonly InMemoryStates _states = new();
    private readonly Dictionary<string, OrderRow> _orders = new(StringComparer.Ordinal);

    public Task<OwnedState?> ReadStateAsync(string dropId, CancellationToken cancellationToken) =>
        Task.FromResult(_states.Read(dropId));

    public Task<IReadOnlyList<OrderRow>> ReadOrdersAsync(string dropId, CancellationToken cancellationToken)
    {
        lock (_states.Gate)
        {
            IReadOnlyList<OrderRow> orders = [.. _orders.Values
                .Where(o => string.Equals(o.DropId, dropId, StringComparison.Ordinal) && o.OrderId.StartsWith(dropId + "/", StringComparison.Ordinal))
                .OrderBy(o => o.OrderId.Length)
                .ThenBy(o => o.OrderId, StringComparer.Ordinal)];
            return Task.FromResult(orders);
        }
    }

    public Task<string> WriteAsync(string dropId, ReadOnlyMemory<byte> state, string? expectedEtag, IReadOnlyCollection<OrderRow> orders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orders);
        lock (_states.Gate)
        {
            var etag = _states.WriteLocked(dropId, state, expectedEtag);
            foreach (var order in orders)
            {
                _orders[order.OrderId] = order;
            }

            return Task.FromResult(etag);
        }
    }

    public Task<IReadOnlyList<string>> OrderIdsOfUserAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        lock (_states.Gate)
        {
            IReadOnlyList<string> ids = [.. _orders.Values
                .Where(o => string.Equals(o.UserId, userId, StringComparison.Ordinal))
                .OrderByDescending(o => o.CreatedAt)
                .ThenByDescending(o => o.OrderId.Length)
                .ThenByDescending(o => o.OrderId, StringComparer.Ordinal)
                .Take(limit)
                .Select(o => o.OrderId)];
            return Task.FromResult(ids);
        }
    }
}

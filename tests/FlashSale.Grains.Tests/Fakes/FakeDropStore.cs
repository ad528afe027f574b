using FlashSale.Storage.Domain;
using Orleans.Storage;

namespace FlashSale.Grains.Tests.Fakes;

/// <summary>An in-memory <see cref="IDropStore"/> with the contract's version rule: a write whose
/// expected version is not the stored one throws <see cref="InconsistentStateException"/> and
/// writes nothing; state and rows change together. Outlives a silo, so a test can restart one.</summary>
internal sealed class FakeDropStore(WriteControl control) : IDropStore
{
    public const string Kind = "drop";

    private readonly object _lock = new();
    private readonly Dictionary<string, OwnedState> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<long, OrderRow>> _orders = new(StringComparer.Ordinal);
    private long _version;

    public Task<OwnedState?> ReadStateAsync(string dropId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_states.TryGetValue(dropId, out var state) ? new OwnedState([.. state.Data], state.Etag) : null);
        }
    }

    public Task<IReadOnlyList<OrderRow>> ReadOrdersAsync(string dropId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<OrderRow> rows = _orders.TryGetValue(dropId, out var orders) ? [.. orders.Values] : [];
            return Task.FromResult(rows);
        }
    }

    public async Task<string> WriteAsync(string dropId, ReadOnlyMemory<byte> state, string? expectedEtag, IReadOnlyCollection<OrderRow> orders, CancellationToken cancellationToken)
    {
        await control.BeforeWriteAsync(dropId).ConfigureAwait(false);
        string etag;
        lock (_lock)
        {
            var stored = _states.GetValueOrDefault(dropId)?.Etag;
            if (stored != expectedEtag)
            {
                throw new InconsistentStateException($"drop {dropId}: version {expectedEtag ?? "(none)"} expected, {stored ?? "(none)"} stored", stored, expectedEtag);
            }

            etag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _states[dropId] = new OwnedState(state.ToArray(), etag);
            if (!_orders.TryGetValue(dropId, out var rows))
            {
                _orders[dropId] = rows = [];
            }

            foreach (var order in orders)
            {
                rows[SequenceOf(order.OrderId)] = order;
            }
        }

        control.Written(Kind);
        return etag;
    }

    public Task<IReadOnlyList<string>> OrderIdsOfUserAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<string> ids = [.. _orders.Values.SelectMany(rows => rows)
                .Where(row => row.Value.UserId == userId)
                .OrderByDescending(row => row.Value.CreatedAt).ThenByDescending(row => row.Key)
                .Take(limit)
                .Select(row => row.Value.OrderId)];
            return Task.FromResult(ids);
        }
    }

    /// <summary>Every order row of every drop (for audits in tests).</summary>
    public IReadOnlyList<OrderRow> AllOrders()
    {
        lock (_lock)
        {
            return [.. _orders.Values.SelectMany(rows => rows.Values)];
        }
    }

    private static long SequenceOf(string orderId) =>
        long.Parse(orderId.AsSpan(orderId.LastIndexOf('/') + 1), System.Globalization.CultureInfo.InvariantCulture);
}

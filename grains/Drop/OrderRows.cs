using FlashSale.Runtime.Storage;

namespace FlashSale.Grains.Drop;

/// <summary>Reads the "orders" rows that drops stage with their state writes: a drop's orders (its
/// durable home, read on activation) and a user's orders (ListMyOrders). Both reads are filtered
/// by an indexed column, so neither scans the table.</summary>
internal sealed class OrderRows(IGrainStorage storage)
{
    private IRowStagingGrainStorage Rows => storage as IRowStagingGrainStorage
        ?? throw new NotSupportedException($"grain storage {storage.GetType().Name} has no staged-row tables; drops keep their orders there");

    /// <summary>Every order row of the drop, ordered by order id.</summary>
    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ByDropAsync(string dropId, CancellationToken cancellationToken) =>
        Rows.ReadRowsAsync(StagedRowSchema.Orders.Name, "drop_id", dropId, cancellationToken);

    /// <summary>The order ids of a user across all drops, newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<string>> IdsOfUserAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        var rows = await Rows.ReadRowsAsync(StagedRowSchema.Orders.Name, "user_id", userId, cancellationToken);
        var newestFirst = rows
            .Select(row => (Id: (string)row["order_id"]!, CreatedAt: row["created_at"] as DateTimeOffset? ?? DateTimeOffset.MinValue))
            .OrderByDescending(order => order.CreatedAt)
            .ThenByDescending(order => OrderId.TryParse(order.Id, out _, out var sequence) ? sequence : 0)
            .Take(limit)
            .Select(order => order.Id);
        return [.. newestFirst];
    }
}

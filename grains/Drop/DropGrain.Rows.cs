using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Runtime;
using FlashSale.Runtime.Storage;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Drop;

// The "orders" rows are the durable home of the drop's orders: every change of an order is staged
// as its row and written in the same transaction as the drop's (small) state, and activation reads
// them back. Operators and the load-test audit query the same rows with SQL.
internal sealed partial class DropGrain
{
    // now: the turn's time, read once per batch (a clock read per row showed in the grab profile).
    private void StageOrderRow(DropOrderState entry, DateTimeOffset now)
    {
        var order = entry.Order;
        _state.StageRow(StagedRowSchema.Orders.Name, new Dictionary<string, object?>(17, StringComparer.Ordinal)
        {
            ["order_id"] = order.OrderId,
            ["drop_id"] = order.DropId,
            ["room_id"] = order.RoomId,
            ["user_id"] = order.UserId,
            ["quantity"] = order.Quantity,
            ["unit_price"] = order.UnitPrice,
            ["total_amount"] = order.TotalAmount,
            ["discount_amount"] = order.DiscountAmount,
            ["paid_amount"] = order.PaidAmount,
            // The C# enum name: PendingPayment, Paid, Refunded, Cancelled, Expired.
            ["state"] = order.State.ToString(),
            ["created_at"] = order.CreatedAt?.ToDateTimeOffset(),
            ["payment_deadline"] = order.PaymentDeadline?.ToDateTimeOffset(),
            ["paid_at"] = order.PaidAt?.ToDateTimeOffset(),
            ["coupon_id"] = order.CouponId.Length > 0 ? order.CouponId : null,
            ["updated_at"] = now,
            ["idempotency_key"] = entry.IdempotencyKey.Length > 0 ? entry.IdempotencyKey : null,
        });
    }

    /// <summary>Rebuilds the in-memory indexes from the drop's rows (and moves orders still kept in
    /// an old-format state blob to rows). Returns whether the state must be written.</summary>
    private async Task<bool> LoadOrdersAsync(CancellationToken cancellationToken)
    {
        var rows = await _orderRows.ByDropAsync(Status.DropId, cancellationToken);
        var entries = new List<DropOrderState>(rows.Count + State.LegacyOrders.Count);
        foreach (var row in rows)
        {
            entries.Add(FromRow(row));
        }

        var migrate = State.LegacyOrders.Count > 0;
        var known = migrate ? entries.Select(e => e.Order.OrderId).ToHashSet(StringComparer.Ordinal) : [];
        foreach (var legacy in State.LegacyOrders)
        {
            if (known.Add(legacy.Order.OrderId))
            {
                entries.Add(legacy);
                StageOrderRow(legacy, _time.GetUtcNow());
            }
        }

        State.LegacyOrders.Clear();
        foreach (var entry in entries.OrderBy(e => Sequence(e.Order.OrderId)))
        {
            // Rows are only written with a state write, so a row beyond our sequence means another
            // activation wrote after our state was read: this one must not serve.
            if (Sequence(entry.Order.OrderId) > State.NextSequence)
            {
                throw new InconsistentStateException($"drop {Status.DropId}: order {entry.Order.OrderId} is newer than the state read");
            }

            Index(entry);
        }

        return migrate;
    }

    private DropOrderState FromRow(IReadOnlyDictionary<string, object?> row)
    {
        var order = new Order
        {
            OrderId = Text(row, "order_id"),
            DropId = Status.DropId,
            RoomId = Text(row, "room_id"),
            UserId = Text(row, "user_id"),
            Quantity = (int)Number(row, "quantity"),
            UnitPrice = Number(row, "unit_price"),
            TotalAmount = Number(row, "total_amount"),
            DiscountAmount = Number(row, "discount_amount"),
            PaidAmount = Number(row, "paid_amount"),
            State = System.Enum.Parse<OrderState>(Text(row, "state")),
            CreatedAt = At(row, "created_at"),
            PaymentDeadline = At(row, "payment_deadline"),
            PaidAt = At(row, "paid_at"),
            CouponId = Text(row, "coupon_id"),
            Title = Status.Title,
        };
        return new DropOrderState { Order = order, IdempotencyKey = Text(row, "idempotency_key") };
    }

    private static long Sequence(string orderId) => OrderId.TryParse(orderId, out _, out var sequence) ? sequence : 0;

    private static string Text(IReadOnlyDictionary<string, object?> row, string column) =>
        row.TryGetValue(column, out var value) && value is string text ? text : string.Empty;

    private static long Number(IReadOnlyDictionary<string, object?> row, string column) =>
        row.TryGetValue(column, out var value) && value is long number ? number : 0;

    private static Timestamp? At(IReadOnlyDictionary<string, object?> row, string column) =>
        row.TryGetValue(column, out var value) && value is DateTimeOffset at ? Timestamp.FromDateTimeOffset(at) : null;
}

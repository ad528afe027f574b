using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Storage.Domain;
using Orleans.Storage;

namespace FlashSale.Grains.Drop;

// The "orders" rows are the durable home of the drop's orders: every change of an order is staged
// as its typed row and written in the same transaction as the drop's (small) state, and activation
// reads them back. Operators and the load-test audit query the same rows with SQL.
internal partial class DropGrain
{
    // now: the turn's time, read once per call (a clock read per row showed in the grab profile).
    private void StageOrderRow(string orderId, string userId, string idempotencyKey, string couponId, in OrderRecord order, DateTimeOffset now)
    {
        _staged[orderId] = new OrderRow
        {
            OrderId = orderId,
            // The owning grain's key: a bucket's rows are read back by its own key.
            DropId = Key,
            RoomId = Status.RoomId,
            UserId = userId,
            Quantity = order.Quantity,
            UnitPrice = order.UnitPrice,
            TotalAmount = order.TotalAmount,
            DiscountAmount = order.DiscountAmount,
            PaidAmount = order.PaidAmount,
            // The C# enum name: PendingPayment, Paid, Refunded, Cancelled, Expired.
            State = order.State.ToString(),
            CreatedAt = At(order.CreatedAtTicks) ?? now,
            PaymentDeadline = At(order.DeadlineTicks),
            PaidAt = At(order.PaidAtTicks),
            CouponId = couponId.Length > 0 ? couponId : null,
            UpdatedAt = now,
            IdempotencyKey = idempotencyKey.Length > 0 ? idempotencyKey : null,
        };
    }

    private void StageOrderRow(long sequence, DateTimeOffset now)
    {
        ref var order = ref _orders.Get(sequence);
        StageOrderRow(OrderId.Format(Key, sequence), _orders.UserId(order), _orders.IdempotencyKey(order), _orders.CouponId(sequence), order, now);
    }

    /// <summary>Rebuilds the in-memory indexes from the drop's rows (and moves orders still kept in
    /// an old-format state blob to rows). Returns whether the state must be written.</summary>
    private async Task<bool> LoadOrdersAsync(CancellationToken cancellationToken)
    {
        var rows = await _store.ReadOrdersAsync(Key, cancellationToken);
        var entries = new List<StoredOrder>(rows.Count + State.LegacyOrders.Count);
        foreach (var row in rows)
        {
            entries.Add(FromRow(row));
        }

        var migrate = State.LegacyOrders.Count > 0;
        var known = migrate ? entries.Select(e => e.Sequence).ToHashSet() : [];
        var legacyAt = _time.GetUtcNow();
        foreach (var legacy in State.LegacyOrders)
        {
            var entry = FromLegacy(legacy);
            if (known.Add(entry.Sequence))
            {
                entries.Add(entry);
                StageOrderRow(legacy.Order.OrderId, entry.UserId, entry.IdempotencyKey, entry.CouponId, entry.Order, legacyAt);
            }
        }

        State.LegacyOrders.Clear();
        entries.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        foreach (var entry in entries)
        {
            // Rows are only written with a state write, so a row beyond our sequence means another
            // activation wrote after our state was read: this one must not serve.
            if (entry.Sequence > State.NextSequence)
            {
                throw new InconsistentStateException($"drop {Key}: order {OrderId.Format(Key, entry.Sequence)} is newer than the state read");
            }

            _orders.Add(entry.Sequence, entry.UserId, entry.IdempotencyKey, entry.Order);
            _orders.SetCouponId(entry.Sequence, entry.CouponId);
        }

        return migrate;
    }

    /// <summary>The sequence of one of this drop's order ids ("{dropId}/{n}" with n ≥ 1, no leading
    /// zero), or 0 when the id is not one.</summary>
    private long TrySequenceOf(string? orderId)
    {
        var dropId = Key;
        if (orderId is null || orderId.Length < dropId.Length + 2 || orderId[dropId.Length] != '/'
            || !orderId.AsSpan(0, dropId.Length).SequenceEqual(dropId) || orderId[dropId.Length + 1] == '0'
            || !long.TryParse(orderId.AsSpan(dropId.Length + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence))
        {
            return 0;
        }

        return sequence;
    }

    // Stored ids were written by this drop: one that is not its own is corruption, not input.
    private long SequenceOf(string orderId)
    {
        var sequence = TrySequenceOf(orderId);
        return sequence > 0
            ? sequence
            : throw new InconsistentStateException($"drop {Key}: stored order id '{orderId}' is not one of its ids");
    }

    private StoredOrder FromRow(OrderRow row) => new(
        SequenceOf(row.OrderId),
        row.UserId,
        row.IdempotencyKey ?? string.Empty,
        row.CouponId ?? string.Empty,
        new OrderRecord
        {
            State = System.Enum.Parse<OrderState>(row.State),
            Quantity = row.Quantity,
            UnitPrice = row.UnitPrice,
            TotalAmount = row.TotalAmount,
            DiscountAmount = row.DiscountAmount,
            PaidAmount = row.PaidAmount,
            CreatedAtTicks = row.CreatedAt.UtcTicks,
            DeadlineTicks = row.PaymentDeadline?.UtcTicks ?? 0,
            PaidAtTicks = row.PaidAt?.UtcTicks ?? 0,
        });

    private StoredOrder FromLegacy(DropOrderState legacy)
    {
        var order = legacy.Order;
        return new StoredOrder(
            SequenceOf(order.OrderId),
            order.UserId,
            legacy.IdempotencyKey,
            order.CouponId,
            new OrderRecord
            {
                State = order.State,
                Quantity = order.Quantity,
                UnitPrice = order.UnitPrice,
                TotalAmount = order.TotalAmount,
                DiscountAmount = order.DiscountAmount,
                PaidAmount = order.PaidAmount,
                CreatedAtTicks = order.CreatedAt?.ToDateTimeOffset().UtcTicks ?? 0,
                DeadlineTicks = order.PaymentDeadline?.ToDateTimeOffset().UtcTicks ?? 0,
                PaidAtTicks = order.PaidAt?.ToDateTimeOffset().UtcTicks ?? 0,
            });
    }

    private static DateTimeOffset? At(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    /// <summary>An order as read back from storage, before the book keeps it.</summary>
    private readonly record struct StoredOrder(long Sequence, string UserId, string IdempotencyKey, string CouponId, OrderRecord Order);
}

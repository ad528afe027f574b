using FlashSale.Storage.Domain;
using Microsoft.Data.Sqlite;

namespace FlashSale.Storage.Sqlite;

/// <summary>The "orders" table in SQLite: one row per order id, upserted whole. A drop's orders are
/// read through the order_id key range: ids are "{dropId}/{sequence}", so every order of a drop sorts
/// (bytewise) in ["{dropId}/", "{dropId}0") — '0' is the character after '/' — and no
/// (drop_id, …) index has to be paid for by every grab.</summary>
internal sealed class SqliteOrdersTable : ISqliteRowTable<OrderRow>
{
    private const string Columns = "order_id, drop_id, room_id, user_id, quantity, unit_price, total_amount, discount_amount, paid_amount, state, created_at, payment_deadline, paid_at, coupon_id, updated_at, idempotency_key";

    public static string WriteSql => $"""
        INSERT INTO orders ({Columns})
        VALUES ($order_id, $drop_id, $room_id, $user_id, $quantity, $unit_price, $total_amount, $discount_amount, $paid_amount, $state, $created_at, $payment_deadline, $paid_at, $coupon_id, $updated_at, $idempotency_key)
        ON CONFLICT (order_id) DO UPDATE SET
            drop_id = excluded.drop_id, room_id = excluded.room_id, user_id = excluded.user_id,
            quantity = excluded.quantity, unit_price = excluded.unit_price, total_amount = excluded.total_amount,
            discount_amount = excluded.discount_amount, paid_amount = excluded.paid_amount, state = excluded.state,
            created_at = excluded.created_at, payment_deadline = excluded.payment_deadline, paid_at = excluded.paid_at,
            coupon_id = excluded.coupon_id, updated_at = excluded.updated_at, idempotency_key = excluded.idempotency_key
        """;

    /// <summary>A drop's orders in sequence order: within one drop a longer sequence is a larger
    /// number, and equal lengths compare as the numbers do.</summary>
    public const string SelectByDropSql = $"""
        SELECT {Columns} FROM orders
        WHERE order_id >= $low AND order_id < $high AND drop_id = $drop_id
        ORDER BY length(order_id), order_id
        """;

    /// <summary>A user's order ids, newest first, through orders_user.</summary>
    public const string SelectIdsByUserSql = """
        SELECT order_id FROM orders WHERE user_id = $user_id
        ORDER BY created_at DESC, length(order_id) DESC, order_id DESC LIMIT $limit
        """;

    public static void Bind(SqliteCommand command, OrderRow row)
    {
        var p = SqliteColumns.Ensure(command, "$order_id", "$drop_id", "$room_id", "$user_id", "$quantity", "$unit_price", "$total_amount", "$discount_amount", "$paid_amount", "$state", "$created_at", "$payment_deadline", "$paid_at", "$coupon_id", "$updated_at", "$idempotency_key");
        p[0].Value = row.OrderId;
        p[1].Value = row.DropId;
        p[2].Value = row.RoomId;
        p[3].Value = row.UserId;
        p[4].Value = row.Quantity;
        p[5].Value = row.UnitPrice;
        p[6].Value = row.TotalAmount;
        p[7].Value = row.DiscountAmount;
        p[8].Value = row.PaidAmount;
        p[9].Value = row.State;
        p[10].Value = SqliteColumns.Timestamp(row.CreatedAt);
        p[11].Value = SqliteColumns.Timestamp(row.PaymentDeadline);
        p[12].Value = SqliteColumns.Timestamp(row.PaidAt);
        p[13].Value = SqliteColumns.Text(row.CouponId);
        p[14].Value = SqliteColumns.Timestamp(row.UpdatedAt);
        p[15].Value = SqliteColumns.Text(row.IdempotencyKey);
    }

    public static void BindDrop(SqliteCommand command, string dropId)
    {
        command.Parameters.AddWithValue("$low", dropId + "/");
        command.Parameters.AddWithValue("$high", dropId + "0");
        command.Parameters.AddWithValue("$drop_id", dropId);
    }

    public static OrderRow Read(SqliteDataReader r) => new()
    {
        OrderId = r.GetString(0),
        DropId = SqliteColumns.ReadText(r, 1),
        RoomId = SqliteColumns.ReadText(r, 2),
        UserId = SqliteColumns.ReadText(r, 3),
        Quantity = (int)SqliteColumns.ReadInteger(r, 4),
        UnitPrice = SqliteColumns.ReadInteger(r, 5),
        TotalAmount = SqliteColumns.ReadInteger(r, 6),
        DiscountAmount = SqliteColumns.ReadInteger(r, 7),
        PaidAmount = SqliteColumns.ReadInteger(r, 8),
        State = SqliteColumns.ReadText(r, 9),
        CreatedAt = SqliteColumns.ReadTimestamp(r, 10),
        PaymentDeadline = SqliteColumns.ReadOptionalTimestamp(r, 11),
        PaidAt = SqliteColumns.ReadOptionalTimestamp(r, 12),
        CouponId = SqliteColumns.ReadOptionalText(r, 13),
        UpdatedAt = SqliteColumns.ReadTimestamp(r, 14),
        IdempotencyKey = SqliteColumns.ReadOptionalText(r, 15),
    };
}

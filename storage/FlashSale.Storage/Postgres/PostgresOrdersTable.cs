using FlashSale.Storage.Domain;
using Npgsql;
using NpgsqlTypes;

namespace FlashSale.Storage.Postgres;

/// <summary>The "orders" table in PostgreSQL (migrations 0003, 0004): one row per order id,
/// upserted whole. A drop's orders are read through orders_drop_state (drop_id, state): the
/// key-range read SQLite uses would depend on the database's collation here.</summary>
internal sealed class PostgresOrdersTable : IPostgresRowTable<OrderRow>
{
    private const string Columns = "order_id, drop_id, room_id, user_id, quantity, unit_price, total_amount, discount_amount, paid_amount, state, created_at, payment_deadline, paid_at, coupon_id, updated_at, idempotency_key";

    private const string WriteSql = $"""
        INSERT INTO orders ({Columns})
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
        ON CONFLICT (order_id) DO UPDATE SET
            drop_id = excluded.drop_id, room_id = excluded.room_id, user_id = excluded.user_id,
            quantity = excluded.quantity, unit_price = excluded.unit_price, total_amount = excluded.total_amount,
            discount_amount = excluded.discount_amount, paid_amount = excluded.paid_amount, state = excluded.state,
            created_at = excluded.created_at, payment_deadline = excluded.payment_deadline, paid_at = excluded.paid_at,
            coupon_id = excluded.coupon_id, updated_at = excluded.updated_at, idempotency_key = excluded.idempotency_key
        """;

    /// <summary>A drop's orders in sequence order (within a drop a longer sequence is a larger number).</summary>
    public const string SelectByDropSql = $"SELECT {Columns} FROM orders WHERE drop_id = $1 ORDER BY length(order_id), order_id COLLATE \"C\"";

    /// <summary>A user's order ids, newest first, through orders_user.</summary>
    public const string SelectIdsByUserSql = "SELECT order_id FROM orders WHERE user_id = $1 ORDER BY created_at DESC, length(order_id) DESC, order_id COLLATE \"C\" DESC LIMIT $2";

    public static NpgsqlBatchCommand Write(OrderRow row) => new(WriteSql)
    {
        Parameters =
        {
            new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = row.OrderId },
            new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = row.DropId },
            new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = row.RoomId },
            new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = row.UserId },
            new NpgsqlParameter<int>() { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = row.Quantity },
            new NpgsqlParameter<long>() { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = row.UnitPrice },
            new NpgsqlParameter<long>() { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = row.TotalAmount },
            new NpgsqlParameter<long>() { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = row.DiscountAmount },
            new NpgsqlParameter<long>() { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = row.PaidAmount },
            new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = row.State },
            PostgresColumns.Timestamp(row.CreatedAt),
            PostgresColumns.Timestamp(row.PaymentDeadline),
            PostgresColumns.Timestamp(row.PaidAt),
            PostgresColumns.Text(row.CouponId),
            PostgresColumns.Timestamp(row.UpdatedAt),
            PostgresColumns.Text(row.IdempotencyKey),
        },
    };

    public static OrderRow Read(NpgsqlDataReader r) => new()
    {
        OrderId = r.GetString(0),
        DropId = PostgresColumns.ReadText(r, 1),
        RoomId = PostgresColumns.ReadText(r, 2),
        UserId = PostgresColumns.ReadText(r, 3),
        Quantity = r.IsDBNull(4) ? 0 : r.GetInt32(4),
        UnitPrice = PostgresColumns.ReadInteger(r, 5),
        TotalAmount = PostgresColumns.ReadInteger(r, 6),
        DiscountAmount = PostgresColumns.ReadInteger(r, 7),
        PaidAmount = PostgresColumns.ReadInteger(r, 8),
        State = PostgresColumns.ReadText(r, 9),
        CreatedAt = PostgresColumns.ReadTimestamp(r, 10) ?? DateTimeOffset.MinValue,
        PaymentDeadline = PostgresColumns.ReadTimestamp(r, 11),
        PaidAt = PostgresColumns.ReadTimestamp(r, 12),
        CouponId = r.IsDBNull(13) ? null : r.GetString(13),
        UpdatedAt = PostgresColumns.ReadTimestamp(r, 14) ?? DateTimeOffset.MinValue,
        IdempotencyKey = r.IsDBNull(15) ? null : r.GetString(15),
    };
}

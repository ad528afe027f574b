namespace FlashSale.Runtime.Storage;

/// <summary>Type of a staged-row column, mapped by each provider to its SQL type.</summary>
public enum StagedColumnType
{
    Text,
    Integer,
    Timestamp,
}

/// <summary>One whitelisted table: its columns (name → type) and primary-key columns.
/// <paramref name="KeyPrefixColumn"/>, when set, names a text column whose value followed by '/'
/// begins the (single) key of every row, so a provider may read the rows with that value through
/// a range of the primary key instead of a secondary index that every insert would pay for.</summary>
public sealed record StagedRowTable(string Name, IReadOnlyDictionary<string, StagedColumnType> Columns, IReadOnlyList<string> KeyColumns, string? KeyPrefixColumn = null);

/// <summary>The tables grains may stage rows into. The SQL providers create exactly these tables
/// (PostgreSQL migrations 0003 and 0004, the SQLite schema); keep them in step.</summary>
public static class StagedRowSchema
{
    /// <summary>Orders, one row per order id, upserted on every change of the order.</summary>
    public static readonly StagedRowTable Orders = new(
        "orders",
        new Dictionary<string, StagedColumnType>(StringComparer.Ordinal)
        {
            ["order_id"] = StagedColumnType.Text,
            ["drop_id"] = StagedColumnType.Text,
            ["room_id"] = StagedColumnType.Text,
            ["user_id"] = StagedColumnType.Text,
            ["quantity"] = StagedColumnType.Integer,
            ["unit_price"] = StagedColumnType.Integer,
            ["total_amount"] = StagedColumnType.Integer,
            ["discount_amount"] = StagedColumnType.Integer,
            ["paid_amount"] = StagedColumnType.Integer,
            ["state"] = StagedColumnType.Text,
            ["created_at"] = StagedColumnType.Timestamp,
            ["payment_deadline"] = StagedColumnType.Timestamp,
            ["paid_at"] = StagedColumnType.Timestamp,
            ["coupon_id"] = StagedColumnType.Text,
            ["updated_at"] = StagedColumnType.Timestamp,
            // The client's grab key (migration 0004): the drop rebuilds its idempotency index from rows.
            ["idempotency_key"] = StagedColumnType.Text,
        },
        ["order_id"],
        // Order ids are "{drop_id}/{sequence}" (grains' OrderId): a drop's orders are one key range.
        KeyPrefixColumn: "drop_id");

    /// <summary>Wallet ledger entries, keyed by (user, entry).</summary>
    public static readonly StagedRowTable WalletLedger = new(
        "wallet_ledger",
        new Dictionary<string, StagedColumnType>(StringComparer.Ordinal)
        {
            ["user_id"] = StagedColumnType.Text,
            ["entry_id"] = StagedColumnType.Text,
            ["amount"] = StagedColumnType.Integer,
            ["balance_after"] = StagedColumnType.Integer,
            ["kind"] = StagedColumnType.Text,
            ["reference"] = StagedColumnType.Text,
            ["at"] = StagedColumnType.Timestamp,
        },
        ["user_id", "entry_id"]);

    /// <summary>All staged-row tables by name.</summary>
    public static readonly IReadOnlyDictionary<string, StagedRowTable> Tables =
        new Dictionary<string, StagedRowTable>(StringComparer.Ordinal)
        {
            [Orders.Name] = Orders,
            [WalletLedger.Name] = WalletLedger,
        };
}

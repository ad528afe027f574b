namespace FlashSale.Storage.Domain;

/// <summary>One row of the "orders" table: the durable home of a drop's order, upserted (by
/// <see cref="OrderId"/>) in the same transaction as the drop's state. Money in minor units (fen).
/// <see cref="State"/> is the order state's C# enum name (PendingPayment, Paid, Refunded, Returned,
/// Cancelled, Expired).</summary>
public sealed record OrderRow
{
    public required string OrderId { get; init; }
    public required string DropId { get; init; }
    public required string RoomId { get; init; }
    public required string UserId { get; init; }
    public required int Quantity { get; init; }
    public required long UnitPrice { get; init; }
    public required long TotalAmount { get; init; }
    public long DiscountAmount { get; init; }
    public long PaidAmount { get; init; }
    public required string State { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? PaymentDeadline { get; init; }
    public DateTimeOffset? PaidAt { get; init; }
    public string? CouponId { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public string? IdempotencyKey { get; init; }
}

/// <summary>One row of the "wallet_ledger" table, keyed by (user, entry); inserted (never changed)
/// in the same transaction as the wallet's state.</summary>
public sealed record LedgerRow
{
    public required string UserId { get; init; }
    public required string EntryId { get; init; }
    public required long Amount { get; init; }
    public required long BalanceAfter { get; init; }
    public required string Kind { get; init; }
    public required string Reference { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>The stored state of a grain that owns domain rows: opaque bytes (protobuf) and the
/// version they were written with.</summary>
public sealed record OwnedState(byte[] Data, string Etag);

namespace FlashSale.Storage.Domain;

/// <summary>One blocklist entry: a user id or a client address (an IP address or a CIDR range).
/// Unblocking keeps the row with <see cref="Active"/> false and a new <see cref="Version"/>, so a
/// silo that reads the changes since the version it last saw also learns of removals.</summary>
public sealed record BlockRow
{
    /// <summary>Kind of a blocked user id.</summary>
    public const string UserKind = "user";

    /// <summary>Kind of a blocked client address or range.</summary>
    public const string AddressKind = "address";

    /// <summary><see cref="UserKind"/> or <see cref="AddressKind"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The user id, or the address in canonical form ("10.0.0.7", "10.0.0.0/8", "2001:db8::/32").</summary>
    public required string Value { get; init; }

    /// <summary>Whether the entry blocks now (false once unblocked).</summary>
    public bool Active { get; init; }

    /// <summary>The operator's note.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>When the entry was last blocked or unblocked.</summary>
    public DateTimeOffset ChangedAt { get; init; }

    /// <summary>Store-wide change number: every block or unblock gets the next one.</summary>
    public long Version { get; init; }
}

/// <summary>The outcome of a block or unblock: the stored row, and whether it was active before.</summary>
public readonly record struct BlockChange(BlockRow Row, bool WasActive, bool Changed);

/// <summary>One rejected shop call in the audit table.</summary>
public sealed record RejectionRow
{
    /// <summary>Assigned by the store on insert (increasing; newest is largest).</summary>
    public long Id { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>The reason code, e.g. USER_BLOCKED, ADDRESS_BLOCKED, RAPID_GRAB.</summary>
    public required string Reason { get; init; }

    /// <summary>The gRPC method, e.g. Grab.</summary>
    public string Method { get; init; } = string.Empty;

    public string UserId { get; init; } = string.Empty;

    public string Address { get; init; } = string.Empty;

    /// <summary>Free text such as the drop id of a grab.</summary>
    public string Detail { get; init; } = string.Empty;
}

/// <summary>A page of the rejection audit, newest first; every filter is optional (null or empty: any).</summary>
public sealed record RejectionQuery
{
    public string? UserId { get; init; }

    public string? Address { get; init; }

    public string? Reason { get; init; }

    /// <summary>Rejections at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Rejections before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Only rows with an id below this one (the paging cursor); null for the first page.</summary>
    public long? BeforeId { get; init; }

    /// <summary>Most rows to return.</summary>
    public int Limit { get; init; } = 100;
}

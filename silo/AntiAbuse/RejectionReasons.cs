namespace FlashSale.Silo.AntiAbuse;

/// <summary>
/// Why an acting shop call was rejected. A client reads the code from the
/// <see cref="Trailer"/> trailer (the status message also starts with "rejected: CODE"):
/// <list type="bullet">
/// <item><see cref="UserBlocked"/>, <see cref="AddressBlocked"/>: PERMISSION_DENIED (do not retry).</item>
/// <item><see cref="RapidGrab"/>: RESOURCE_EXHAUSTED with <c>grpc-retry-pushback-ms</c> (when the
/// oldest counted drop leaves the window).</item>
/// </list>
/// Each rejection is counted on the "FlashSale" meter (<c>flashsale.abuse.rejections</c>, tag
/// <c>reason</c>) and written to the audit table (Admin.ListRejections).
/// </summary>
public static class RejectionReasons
{
    /// <summary>The trailer carrying the reason code.</summary>
    public const string Trailer = "flashsale-reject-reason";

    /// <summary>The acting user is on the blocklist.</summary>
    public const string UserBlocked = "USER_BLOCKED";

    /// <summary>The client's address is on the blocklist (or inside a blocked range).</summary>
    public const string AddressBlocked = "ADDRESS_BLOCKED";

    /// <summary>The user grabbed in more distinct drops within the window than the rule allows.</summary>
    public const string RapidGrab = "RAPID_GRAB";

    /// <summary>Every code, for argument checks.</summary>
    public static IReadOnlyList<string> All { get; } = [UserBlocked, AddressBlocked, RapidGrab];
}

using Grpc.Core;

namespace FlashSale.Client;

/// <summary>Reads the anti-abuse reason of a rejected shop call.</summary>
public static class RejectionInfo
{
    /// <summary>The trailer the silo sends the reason code in.</summary>
    public const string Trailer = "flashsale-reject-reason";

    /// <summary>The user is blocked (PERMISSION_DENIED; do not retry).</summary>
    public const string UserBlocked = "USER_BLOCKED";

    /// <summary>The client address is blocked (PERMISSION_DENIED; do not retry).</summary>
    public const string AddressBlocked = "ADDRESS_BLOCKED";

    /// <summary>Too many distinct drops grabbed too fast (RESOURCE_EXHAUSTED; retry after
    /// <see cref="RpcExceptionExtensions.RetryAfter"/>).</summary>
    public const string RapidGrab = "RAPID_GRAB";

    /// <summary>The reason code (e.g. <see cref="UserBlocked"/>), or null when the call was not
    /// rejected by an anti-abuse rule.</summary>
    public static string? RejectReason(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Trailers.GetValue(Trailer);
    }
}

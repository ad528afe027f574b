using System.Globalization;
using Grpc.Core;

namespace FlashSale.Client;

/// <summary>What callers commonly ask of a failed call.</summary>
public static class RpcExceptionExtensions
{
    /// <summary>True for statuses a caller may retry after a back-off: UNAVAILABLE and RESOURCE_EXHAUSTED.
    /// Mutating calls must be retried with the same idempotency key.</summary>
    public static bool IsRetriable(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted;
    }

    /// <summary>The server's back-off hint, the standard <c>grpc-retry-pushback-ms</c> trailer; null when it
    /// sent none (or a negative one, meaning "do not retry").</summary>
    public static TimeSpan? RetryAfter(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Trailers.GetValue("grpc-retry-pushback-ms") is { } raw
            && long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                ? TimeSpan.FromMilliseconds(ms)
                : null;
    }
}

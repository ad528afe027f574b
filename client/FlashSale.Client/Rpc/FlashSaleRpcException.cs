using System.Globalization;

namespace FlashSale.Client;

/// <summary>A call ended with a gRPC status other than OK. Business outcomes (sold out, limit reached, …)
/// are <em>not</em> exceptions: they arrive as result codes in the reply.</summary>
public sealed class FlashSaleRpcException : Exception
{
    private static readonly IReadOnlyDictionary<string, string> NoTrailers =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the exception for a status.</summary>
    public FlashSaleRpcException(
        RpcStatusCode statusCode,
        string? detail,
        IReadOnlyDictionary<string, string>? trailers = null,
        Exception? innerException = null)
        : base(FormatMessage(statusCode, detail), innerException)
    {
        StatusCode = statusCode;
        Detail = detail ?? string.Empty;
        Trailers = trailers ?? NoTrailers;
        RetryAfter = ParseRetryAfter(Trailers);
    }

    /// <summary>The gRPC status code.</summary>
    public RpcStatusCode StatusCode { get; }

    /// <summary>The decoded <c>grpc-message</c>, or a local description for client-side failures.</summary>
    public string Detail { get; }

    /// <summary>The response trailers (or Trailers-Only headers); keys are case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Trailers { get; }

    /// <summary>True for statuses a caller may retry after a back-off: UNAVAILABLE and RESOURCE_EXHAUSTED.
    /// Mutating calls must be retried with the same idempotency key.</summary>
    public bool IsRetriable => StatusCode is RpcStatusCode.Unavailable or RpcStatusCode.ResourceExhausted;

    /// <summary>The server's back-off hint from the <c>retry-after-ms</c> trailer, if it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string FormatMessage(RpcStatusCode code, string? detail) =>
        string.IsNullOrEmpty(detail)
            ? $"Status({RpcStatusCodes.ToWireName(code)})"
            : $"Status({RpcStatusCodes.ToWireName(code)}, \"{detail}\")";

    private static TimeSpan? ParseRetryAfter(IReadOnlyDictionary<string, string> trailers) =>
        trailers.TryGetValue("retry-after-ms", out var raw)
        && long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : null;
}

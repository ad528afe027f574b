using FlashSale.Runtime;
using Grpc.Core;

namespace FlashSale.Silo.Hosting;

/// <summary>Turns the engine's exceptions into gRPC statuses (DESIGN.md "The API").</summary>
public static class EngineExceptionMapper
{
    /// <summary>The standard gRPC pushback trailer (gRFC A6): milliseconds, as a decimal string,
    /// a client should wait before retrying.</summary>
    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";

    private static readonly Status Overloaded = new(StatusCode.ResourceExhausted, "too many requests for this item; retry shortly");
    private static readonly Status Moved = new(StatusCode.Unavailable, "the item moved or was updated elsewhere; retry with the same idempotency key");
    private static readonly Status StorageDown = new(StatusCode.Unavailable, "storage is unavailable; retry later with the same idempotency key");
    private static readonly Status Draining = new(StatusCode.Unavailable, "the silo is shutting down; retry on another silo");

    public static RpcException? Map(Exception exception) => exception switch
    {
        GrainOverloadedException => WithRetryHint(Overloaded, 50),
        InconsistentStateException => WithRetryHint(Moved, 10),
        StorageUnavailableException => WithRetryHint(StorageDown, 500),
        SiloUnavailableException => new RpcException(Draining),
        EntityNotFoundException notFound => new RpcException(new Status(StatusCode.NotFound, notFound.Message)),
        _ => null,
    };

    private static RpcException WithRetryHint(Status status, int retryAfterMs) =>
        new(status, new Metadata { { RetryPushbackTrailer, retryAfterMs.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
}

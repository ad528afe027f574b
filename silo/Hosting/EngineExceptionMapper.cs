using FlashSale.Grains;
using FlashSale.Storage.Domain;
using FlashSale.Storage.Resilience;
using Orleans.Runtime;
using Orleans.Storage;
using Grpc.Core;

namespace FlashSale.Silo.Hosting;

/// <summary>Turns Orleans' and the storage's exceptions into gRPC statuses (DESIGN.md "The API"),
/// so a client knows when a retry with the same idempotency key is safe. The exceptions' own
/// messages (which name activations and silos) never reach the client.</summary>
public static class EngineExceptionMapper
{
    /// <summary>The standard gRPC pushback trailer (gRFC A6): milliseconds, as a decimal string,
    /// a client should wait before retrying.</summary>
    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";

    private static readonly Status Overloaded = new(StatusCode.ResourceExhausted, "too many requests for this item; retry shortly");
    private static readonly Status Moved = new(StatusCode.Unavailable, "the item moved or was updated elsewhere; retry with the same idempotency key");
    private static readonly Status StorageDown = new(StatusCode.Unavailable, "storage is unavailable; retry later with the same idempotency key");
    private static readonly Status Draining = new(StatusCode.Unavailable, "the silo is shutting down; retry on another silo");

    private static readonly Status Unreachable = new(StatusCode.Unavailable, "the item could not be reached in time; retry with the same idempotency key");

    /// <summary>The status for <paramref name="exception"/> or, since Orleans wraps what a storage
    /// provider or an activation throws (OrleansException, ActivationFailed…), for the first known
    /// exception among its inner ones; null when none is known.</summary>
    public static RpcException? Map(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (MapOne(current) is { } mapped)
            {
                return mapped;
            }

            if (current is AggregateException { InnerExceptions.Count: 1 } aggregate)
            {
                return Map(aggregate.InnerExceptions[0]);
            }
        }

        return null;
    }

    private static RpcException? MapOne(Exception exception) => exception switch
    {
        // A grain's queue is full (SiloMessagingOptions.MaxEnqueuedRequestsHardLimit, --mailbox-capacity)
        // or a gateway is too busy: nothing was done.
        LimitExceededException or GatewayTooBusyException => WithRetryHint(Overloaded, 50),
        InconsistentStateException => WithRetryHint(Moved, 10),
        StorageUnavailableException => WithRetryHint(StorageDown, 500),
        // A database error that Orleans' own ADO.NET providers (reminders) pass through unwrapped.
        _ when TransientFailures.IsTransient(exception) => WithRetryHint(StorageDown, 500),
        SiloUnavailableException or OrleansMessageRejectionException => new RpcException(Draining),
        // Orleans' response timeout: the outcome is unknown, a retry with the same key is safe.
        TimeoutException => WithRetryHint(Unreachable, 100),
        EntityNotFoundException notFound => new RpcException(new Status(StatusCode.NotFound, notFound.Message)),
        _ => null,
    };

    private static RpcException WithRetryHint(Status status, int retryAfterMs) =>
        new(status, new Metadata { { RetryPushbackTrailer, retryAfterMs.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
}

using FlashSale.Runtime;
using FlashSale.Silo.Protocol;

namespace FlashSale.Silo.Hosting;

/// <summary>Turns the engine's exceptions into gRPC statuses (DESIGN.md "The API").</summary>
public static class EngineExceptionMapper
{
    /// <summary>Trailer telling clients how long to back off before retrying an overloaded call.</summary>
    public const string RetryAfterTrailer = "retry-after-ms";

    public static Status? Map(Exception exception) => exception switch
    {
        GrainOverloadedException => new Status(StatusCode.ResourceExhausted, "too many requests for this item; retry shortly"),
        InconsistentStateException => new Status(StatusCode.Unavailable, "the item moved or was updated elsewhere; retry"),
        StorageUnavailableException => new Status(StatusCode.Unavailable, "storage is unavailable; retry later"),
        SiloUnavailableException => new Status(StatusCode.Unavailable, "the silo is shutting down; retry on another silo"),
        _ => null,
    };
}

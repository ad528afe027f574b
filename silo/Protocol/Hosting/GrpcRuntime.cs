using Microsoft.Extensions.Logging;

namespace FlashSale.Silo.Protocol;

/// <summary>What every call shares: options, logger and clock.</summary>
internal sealed class GrpcRuntime(GrpcProtocolOptions options, ILogger logger, TimeProvider timeProvider, CancellationToken stopping = default)
{
    /// <summary>Fires when the host starts shutting down: server streams end then (UNAVAILABLE),
    /// so they do not hold the drain open until the shutdown timeout.</summary>
    public CancellationToken Stopping { get; } = stopping;

    public GrpcProtocolOptions Options { get; } = options;

    public ILogger Logger { get; } = logger;

    public TimeProvider TimeProvider { get; } = timeProvider;
}

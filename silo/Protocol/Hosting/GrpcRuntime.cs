using Microsoft.Extensions.Logging;

namespace FlashSale.Silo.Protocol;

/// <summary>What every call shares: options, logger and clock.</summary>
internal sealed class GrpcRuntime(GrpcProtocolOptions options, ILogger logger, TimeProvider timeProvider)
{
    public GrpcProtocolOptions Options { get; } = options;

    public ILogger Logger { get; } = logger;

    public TimeProvider TimeProvider { get; } = timeProvider;
}

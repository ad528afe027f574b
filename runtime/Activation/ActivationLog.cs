using Microsoft.Extensions.Logging;

namespace FlashSale.Runtime.Activation;

/// <summary>Log lines of activation state failures, source-generated with fixed event ids.</summary>
internal static partial class ActivationLog
{
    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "A turn of {GrainId} failed on storage; deactivating so the next call reloads the stored state")]
    public static partial void StorageFailed(ILogger logger, GrainId grainId, Exception exception);
}

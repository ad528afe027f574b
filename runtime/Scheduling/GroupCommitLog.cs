using Microsoft.Extensions.Logging;

namespace FlashSale.Runtime.Scheduling;

/// <summary>Log lines of group commit, source-generated with fixed event ids.</summary>
internal static partial class GroupCommitLog
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Batch of {Count} {Method} calls to {GrainId} failed; every caller gets the error and the activation deactivates")]
    public static partial void BatchFailed(ILogger logger, GrainId grainId, string method, int count, Exception exception);
}

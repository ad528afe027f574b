using Microsoft.Extensions.Logging;

namespace FlashSale.Grains.Drop;

internal static partial class DropLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Drop {DropId} opened with {Remaining} units")]
    public static partial void Opened(ILogger logger, string dropId, int remaining);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Drop {DropId} closed with {Sold} units sold")]
    public static partial void Closed(ILogger logger, string dropId, int sold);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "Drop {DropId} expired {Count} unpaid orders")]
    public static partial void OrdersExpired(ILogger logger, string dropId, int count);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Drop {DropId}: a state write failed; the activation is dropped and reloads from storage")]
    public static partial void WriteFailed(ILogger logger, string dropId, Exception exception);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Debug, Message = "Drop {DropId}: bucket {Bucket} was granted {Units} units ({Pool} left in the pool)")]
    public static partial void StockMoved(ILogger logger, string dropId, int bucket, int units, int pool);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Drop {DropId} paused ({Reason}): no new grabs until resumed")]
    public static partial void Paused(ILogger logger, string dropId, string reason);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "Drop {DropId} resumed")]
    public static partial void Resumed(ILogger logger, string dropId);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "Drop {DropId}: pause change {Epoch} not yet acknowledged by every bucket; sent again by the stock poll and the pause-sync reminder")]
    public static partial void PauseSyncFailed(ILogger logger, string dropId, long epoch, Exception exception);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Warning, Message = "Drop {DropId}: bucket {Bucket} could not ask for a review of the refund rate; the coordinator's stock poll reviews it")]
    public static partial void RefundReviewFailed(ILogger logger, string dropId, int bucket, Exception exception);
}

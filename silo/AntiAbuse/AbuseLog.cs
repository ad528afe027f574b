namespace FlashSale.Silo.AntiAbuse;

/// <summary>Log events of the anti-abuse component (event ids 60-69).</summary>
internal static partial class AbuseLog
{
    [LoggerMessage(60, LogLevel.Warning, "Could not read blocklist changes from storage; the last copy stays in force until it can.")]
    public static partial void BlocklistRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(61, LogLevel.Information, "Blocklist read from storage again ({Count} entries in force).")]
    public static partial void BlocklistRefreshRestored(ILogger logger, int count);

    [LoggerMessage(62, LogLevel.Warning, "Could not write {Count} rejections to the audit table; they are counted in metrics only.")]
    public static partial void AuditWriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(63, LogLevel.Warning, "The rejection audit queue is full; further rejections are counted in metrics only until it drains.")]
    public static partial void AuditQueueFull(ILogger logger);

    [LoggerMessage(64, LogLevel.Information, "{Kind} {Value} {Action} by an operator.")]
    public static partial void BlocklistChanged(ILogger logger, string kind, string value, string action);

    [LoggerMessage(65, LogLevel.Warning, "The rapid-grab rule could not use Redis; this silo's own counts decide until it can.")]
    public static partial void RapidGrabRedisFailed(ILogger logger, Exception exception);
}

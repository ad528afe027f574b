namespace FlashSale.Silo.Redis;

internal static partial class RedisLog
{
    [LoggerMessage(101, LogLevel.Information, "Redis at {Endpoint} connected: room events fan out across silos, rate limits are shared")]
    public static partial void Connected(ILogger logger, string endpoint);

    [LoggerMessage(102, LogLevel.Warning, "Redis at {Endpoint} unreachable ({FailureType}): degraded to this silo's room events and in-process rate limits; the silo keeps selling")]
    public static partial void Degraded(ILogger logger, string endpoint, string failureType, Exception? exception);

    [LoggerMessage(103, LogLevel.Information, "Redis at {Endpoint} is back: cross-silo fan-out and shared rate limits resumed")]
    public static partial void Restored(ILogger logger, string endpoint);

    [LoggerMessage(104, LogLevel.Warning, "Publishing a room event to Redis failed; delivered to this silo's watchers only")]
    public static partial void PublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(105, LogLevel.Warning, "Subscribing to room events on Redis failed; retrying every second while Redis is reachable, and when it is restored")]
    public static partial void SubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(106, LogLevel.Warning, "Dropped an unreadable room event from Redis channel {Channel}")]
    public static partial void BadMessage(ILogger logger, string channel, Exception? exception);

    [LoggerMessage(108, LogLevel.Warning, "Redis at {Endpoint} has not confirmed this silo's room event subscription after {Seconds} s: other silos' room events may not reach its watchers yet; still subscribing")]
    public static partial void SubscriptionUnconfirmed(ILogger logger, string endpoint, double seconds);

    [LoggerMessage(107, LogLevel.Warning, "Shared rate limit check on Redis failed; using the in-process limit for now")]
    public static partial void RateLimitFailed(ILogger logger, Exception exception);
}

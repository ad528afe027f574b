namespace FlashSale.Silo.Redis;

/// <summary>How Redis shows up in health: a separate gRPC health service name, NOT_SERVING while
/// Redis is unreachable. The overall ("") status never follows it, because the silo keeps
/// selling on its in-process fallbacks.</summary>
public static class RedisHealth
{
    /// <summary>The gRPC health service name reporting Redis.</summary>
    public const string ServiceName = "flashsale.redis";
}

using FlashSale.Silo.Redis;
using StackExchange.Redis;

namespace FlashSale.Silo.AntiAbuse;

/// <summary>
/// The rapid-grab rule's drop sets shared by every silo: one sorted set per user (member: drop id,
/// score: time of its last grab in ms), checked and updated by one Lua script in one round trip.
/// While Redis is unreachable, slow (past <paramref name="checkTimeout"/>) or failing, this silo's
/// own sets decide instead, as the rate limiter does.
/// </summary>
public sealed class RedisRapidGrabCounter(RedisConnection connection, InProcessRapidGrabCounter fallback, TimeProvider time, TimeSpan checkTimeout, ILogger<RedisRapidGrabCounter> log) : IRapidGrabCounter
{
    private const string KeyPrefix = "flashsale:rapid:";

    // KEYS[1]: the user's set. ARGV: drop id, now (ms), window (ms), most distinct drops.
    // Returns 0 when allowed (and recorded), else ms until the oldest member leaves the window.
    private const string Script = """
        local now, window, max = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < max then
          redis.call('ZADD', KEYS[1], now, ARGV[1])
          redis.call('PEXPIRE', KEYS[1], window)
          return 0
        end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        return math.max(1, tonumber(oldest[2]) + window - now)
        """;

    private int _failureLogged;

    public async ValueTask<TimeSpan> TryGrabAsync(string userId, string dropId, int maxDrops, TimeSpan window)
    {
        var database = connection.IsAvailable ? connection.Database : null;
        if (database is null)
        {
            return fallback.TryGrab(userId, dropId, maxDrops, window);
        }

        RedisKey[] keys = [KeyPrefix + userId];
        RedisValue[] arguments = [dropId, time.GetUtcNow().ToUnixTimeMilliseconds(), (long)window.TotalMilliseconds, maxDrops];
        try
        {
            var reply = await database.ScriptEvaluateAsync(Script, keys, arguments).WaitAsync(checkTimeout).ConfigureAwait(false);
            Interlocked.Exchange(ref _failureLogged, 0);
            return TimeSpan.FromMilliseconds((long)reply);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException or InvalidCastException)
        {
            if (Interlocked.Exchange(ref _failureLogged, 1) == 0)
            {
                AbuseLog.RapidGrabRedisFailed(log, exception);
            }

            return fallback.TryGrab(userId, dropId, maxDrops, window);
        }
    }
}

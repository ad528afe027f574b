using FlashSale.Silo.Redis;
using StackExchange.Redis;

namespace FlashSale.Silo.RateLimiting;

/// <summary>
/// Fixed-window counters shared by every silo: one Lua script charges all of a call's keys in one
/// round trip (INCR, with the window's expiry set on the first call). While Redis is unreachable,
/// slow (past <paramref name="checkTimeout"/>) or failing, the in-process counters decide instead,
/// so the silo keeps selling with per-silo limits.
/// </summary>
/// <param name="checkTimeout">Longest wait for Redis before a call is judged by the in-process
/// counters (<see cref="RateLimitOptions.RedisTimeoutMilliseconds"/>).</param>
public sealed class RedisRateLimitCounter(RedisConnection connection, InProcessRateLimitCounter fallback, TimeSpan checkTimeout, ILogger<RedisRateLimitCounter> log) : IRateLimitCounter
{
    private const string KeyPrefix = "flashsale:rate:";

    // KEYS: counters; ARGV[i]: limit of KEYS[i]; ARGV[#KEYS+1]: window in ms.
    // Returns {0, 0} when allowed, else {index (1-based) of the first exceeded key, ms until its window ends}.
    private const string Script = """
        local window = tonumber(ARGV[#KEYS + 1])
        local rejected, retry = 0, 0
        for i, key in ipairs(KEYS) do
          local n = redis.call('INCR', key)
          local ttl = redis.call('PTTL', key)
          if ttl < 0 then
            redis.call('PEXPIRE', key, window)
            ttl = window
          end
          if n > tonumber(ARGV[i]) and rejected == 0 then
            rejected, retry = i, math.max(ttl, 1)
          end
        end
        return {rejected, retry}
        """;

    private int _failureLogged;

    public async ValueTask<RateLimitResult> AcquireAsync(IReadOnlyList<RateLimitKey> keys, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var database = connection.IsAvailable ? connection.Database : null;
        if (database is null)
        {
            return fallback.Acquire(keys, window);
        }

        var redisKeys = new RedisKey[keys.Count];
        var arguments = new RedisValue[keys.Count + 1];
        for (var i = 0; i < keys.Count; i++)
        {
            redisKeys[i] = KeyPrefix + keys[i].Key;
            arguments[i] = keys[i].Limit;
        }

        arguments[^1] = (long)Math.Max(1, window.TotalMilliseconds);
        try
        {
            var reply = (RedisResult[])(await database.ScriptEvaluateAsync(Script, redisKeys, arguments).WaitAsync(checkTimeout).ConfigureAwait(false))!;
            Interlocked.Exchange(ref _failureLogged, 0);
            var rejected = (int)reply[0];
            return rejected == 0
                ? RateLimitResult.Allowed
                : new RateLimitResult(rejected - 1, TimeSpan.FromMilliseconds((long)reply[1]));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException or InvalidCastException)
        {
            if (Interlocked.Exchange(ref _failureLogged, 1) == 0)
            {
                RedisLog.RateLimitFailed(log, exception);
            }

            return fallback.Acquire(keys, window);
        }
    }
}

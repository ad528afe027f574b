using FlashSale.Silo.RateLimiting;
using FlashSale.Silo.Redis;
using FlashSale.Silo.Services.Health;
using FlashSale.Testing;
using FlashSale.Testing.Servers;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace FlashSale.Silo.Tests.Redis;

/// <summary>The shared counters on a throwaway redis-server kept busy by another client's script:
/// how long a call waits for Redis before this silo's own counter judges it is configured.</summary>
public sealed class RedisRateLimitCounterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Redis is held busy far longer than the call may wait when the fallback should decide (4 s
    // against 200 ms: on a loaded CI machine, a second of thread-pool delay between "Redis is busy"
    // and the call once let the call reach a free Redis; under Redis's 5 s busy-reply threshold),
    // and shorter than the call's wait when Redis should decide.
    [Theory]
    [InlineData(200, 4_000, false)] // gives up on the busy Redis: judged by the silo's own (fresh) counter
    [InlineData(4_000, 1_500, true)] // waits the busy 1.5 s out: judged by Redis's shared counter
    public async Task AcquireAsync_RedisBusy_WaitsAtMostTheConfiguredTimeout(int timeoutMs, int busyMs, bool sharedCounterDecides)
    {
        // Arrange: the limit is one call, and the first call is counted in Redis.
        using var redis = RedisServer.StartNew();
        using var connection = new RedisConnection(redis.Configuration, new HealthService(), NullLogger<RedisConnection>.Instance);
        await connection.StartAsync(CancellationToken.None).WithTimeout();
        await RedisTestBus.WaitUntilAsync(() => connection.IsAvailable, "Redis connects", TimeSpan.FromSeconds(10));
        var counter = new RedisRateLimitCounter(connection, new InProcessRateLimitCounter(TimeProvider.System), TimeSpan.FromMilliseconds(timeoutMs), NullLogger<RedisRateLimitCounter>.Instance);
        var key = "user:bot-" + timeoutMs;
        RateLimitKey[] user = [new(key, 1)];
        Assert.True((await counter.AcquireAsync(user, Window).AsTask().WithTimeout()).IsAllowed);
        using var other = await ConnectionMultiplexer.ConnectAsync(redis.Configuration).WithTimeout();
        using var third = await ConnectionMultiplexer.ConnectAsync(redis.Configuration).WithTimeout();
        Assert.Equal(1, (long)await third.GetDatabase().StringGetAsync("flashsale:rate:" + key));

        // Another client's script holds Redis (it runs one script at a time) for busyMs.
        const string Busy = "local t0 = redis.call('TIME') local t repeat t = redis.call('TIME') until (t[1] - t0[1]) * 1000000 + (t[2] - t0[2]) >= tonumber(ARGV[1]) * 1000 return 1";
        var busy = other.GetDatabase().ScriptEvaluateAsync(Busy, values: [busyMs]);
        await WaitUntilBusyAsync(third, busy);

        // Act
        var second = await counter.AcquireAsync(user, Window).AsTask().WithTimeout();
        var busyWhenAnswered = !busy.IsCompleted;
        await busy.WithTimeout();

        // Assert: Redis's count says the second call is over the limit; the silo's own counter has
        // seen only this one call (and answered while the script still held Redis).
        Assert.True(
            second.IsAllowed == !sharedCounterDecides,
            $"second call allowed: {second.IsAllowed}, expected {!sharedCounterDecides}; Redis still busy when it was answered: {busyWhenAnswered}");
        if (!sharedCounterDecides)
        {
            Assert.True(busyWhenAnswered, "the fallback answer came only after Redis was free again");
        }
    }

    // The script is running once a PING from a connection of its own waits for it (on loopback
    // Redis answers one in well under a millisecond).
    private static async Task WaitUntilBusyAsync(ConnectionMultiplexer third, Task busy)
    {
        var probe = third.GetServer(third.GetEndPoints()[0]);
        for (var i = 0; i < 100; i++)
        {
            var ping = probe.PingAsync();
            if (await Task.WhenAny(ping, Task.Delay(300)) != ping)
            {
                return;
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"the busy script never started ({busy.Status}: {busy.Exception?.GetBaseException().Message})");
    }
}

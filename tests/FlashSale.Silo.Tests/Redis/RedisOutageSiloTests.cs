using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;
using static Grpc.Health.V1.HealthCheckResponse.Types;
using Kind = FlashSale.Api.V1.RoomEvent.KindOneofCase;

namespace FlashSale.Silo.Tests.Redis;

/// <summary>redis-server stopped and started under two silos: selling never stops, health says
/// degraded, and fan-out and shared limits come back.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RedisOutageSiloTests
{
    [Fact]
    public async Task RedisStoppedThenRestarted_SilosKeepSellingThenFanOutAndSharedLimitsRecover()
    {
        // Arrange (5 s for Redis to answer once it is back, so a stalled test machine does not hand a
        // call to the silo's own counter; while Redis is down the silo does not wait for it)
        await using var pair = await RedisSiloPair.StartAsync("--rate-limit-user", "3", "--rate-limit-window-ms", "60000", "--rate-limit-redis-timeout-ms", "5000");
        var roomId = await pair.CreateRoomOnBothAsync();
        var dropId = SiloScenario.NewId("drop");
        foreach (var silo in pair.Both)
        {
            await RedisSiloPair.OpenDropAsync(silo, roomId, dropId, quantity: 100, perUserLimit: 10);
        }

        await pair.WaitForRedisHealthAsync(ServingStatus.Serving);

        // Act 1: Redis goes away.
        pair.Redis.Stop();
        await pair.WaitForRedisHealthAsync(ServingStatus.NotServing);
        var duringOutage = new[]
        {
            await pair.A.Shop.GrabAsync(dropId, "amy").WithTimeout(),
            await pair.B.Shop.GrabAsync(dropId, "ben").WithTimeout(),
        };
        var overall = await pair.A.Health.CheckAsync().WithTimeout();
        var healthz = await RedisSiloPair.HealthzAsync(pair.B);
        var localOutcomes = new List<(GrabReply? Reply, RpcException? Error)>();
        for (var i = 0; i < 4; i++)
        {
            localOutcomes.AddRange(await GrabOnAAsync(pair, dropId, "dee", i));
        }

        // Act 2: Redis comes back (empty).
        pair.Redis.Start();
        await pair.WaitForRedisHealthAsync(ServingStatus.Serving);
        var healthzAfter = await RedisSiloPair.HealthzAsync(pair.A);
        var shared = await pair.GrabAlternatingAsync(dropId, "eve", calls: 4);
        var fanOut = await FanOutResumesAsync(pair, roomId);

        // Assert: selling went on during the outage, health said so without failing the silo.
        Assert.All(duringOutage, r => Assert.Equal(ResultCode.Ok, r.Result));
        Assert.Equal(ServingStatus.Serving, overall.Status);
        Assert.Equal(200, healthz.Status);

        // Assert: limits fell back to this silo's own counters rather than switching off.
        Assert.Contains("redis: degraded", healthz.Body, StringComparison.Ordinal);
        Assert.Equal(3, localOutcomes.Count(o => o.Reply?.Result == ResultCode.Ok));
        Assert.Equal(StatusCode.ResourceExhausted, localOutcomes[^1].Error?.StatusCode);

        // Assert: after the restart the limit is shared again and events cross silos again.
        Assert.Contains("redis: ok", healthzAfter.Body, StringComparison.Ordinal);
        Assert.All(shared.Take(3), o => Assert.Equal(ResultCode.Ok, o.Reply?.Result));
        Assert.Equal(StatusCode.ResourceExhausted, shared[3].Error?.StatusCode);
        Assert.True(fanOut, "fan-out from A to a watcher on B did not resume within 30 s");
    }

    private static async Task<List<(GrabReply? Reply, RpcException? Error)>> GrabOnAAsync(RedisSiloPair pair, string dropId, string userId, int i)
    {
        try
        {
            return [(await pair.A.Shop.GrabAsync(dropId, userId, idempotencyKey: RedisSiloPair.Key(userId, i)).WithTimeout(), null)];
        }
        catch (RpcException error)
        {
            return [(null, error)];
        }
    }

    /// <summary>Opens drops on A (events published there) until a watcher on B sees one, bounded:
    /// the silos' subscriptions come back on their own schedule after Redis does.</summary>
    private static async Task<bool> FanOutResumesAsync(RedisSiloPair pair, string roomId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var watcher = pair.B.Shop.WatchRoom(roomId, "viewer-on-b", timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.Equal(Kind.Snapshot, (await RedisTestBus.NextAsync(watcher)).KindCase);
        var opened = new HashSet<string>(StringComparer.Ordinal);
        var next = watcher.MoveNextAsync().AsTask();
        try
        {
            while (!timeout.IsCancellationRequested)
            {
                var dropId = SiloScenario.NewId("drop-after");
                opened.Add(dropId);
                await RedisSiloPair.OpenDropAsync(pair.A, roomId, dropId, quantity: 1, perUserLimit: 1);
                while (await Task.WhenAny(next, Task.Delay(500)) == next)
                {
                    if (!await next)
                    {
                        return false;
                    }

                    if (MentionsDrop(watcher.Current) is { } seen && opened.Contains(seen))
                    {
                        return true;
                    }

                    next = watcher.MoveNextAsync().AsTask();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return false;
    }

    private static string? MentionsDrop(RoomEvent e) => e.KindCase switch
    {
        Kind.DropScheduled => e.DropScheduled.DropId,
        Kind.Opened => e.Opened.DropId,
        Kind.StockLevel => e.StockLevel.DropId,
        Kind.Countdown => e.Countdown.DropId,
        _ => null,
    };
}

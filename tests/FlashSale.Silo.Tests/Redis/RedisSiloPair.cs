using System.Globalization;
using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Redis;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using FlashSale.Testing.Servers;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Core;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace FlashSale.Silo.Tests.Redis;

/// <summary>A throwaway redis-server and two in-process silos (own ports, memory storage) sharing it.
/// Without cluster membership each silo owns its own grains, so a room or drop that both must know
/// is created on both under the same id; what crosses silos is only what goes through Redis.</summary>
internal sealed class RedisSiloPair : IAsyncDisposable
{
    private RedisSiloPair(RedisServer redis) => Redis = redis;

    public RedisServer Redis { get; }

    public TestSilo A { get; private set; } = null!;

    public TestSilo B { get; private set; } = null!;

    public IEnumerable<TestSilo> Both => [A, B];

    public static async Task<RedisSiloPair> StartAsync(params string[] extraArgs)
    {
        var pair = new RedisSiloPair(RedisServer.StartNew());
        try
        {
            var options = new TestSiloOptions { Storage = "memory", ExtraArgs = ["--redis", pair.Redis.Configuration, .. extraArgs] };
            pair.A = await TestSilo.StartAsync(options);
            pair.B = await TestSilo.StartAsync(options);
            foreach (var silo in pair.Both)
            {
                var bus = silo.Services.GetRequiredService<RedisRoomEventBus>();
                await RedisTestBus.WaitUntilAsync(() => bus.IsSubscribed, "the silo's bus listens on Redis");
            }

            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var silo in new[] { A, B }.Where(s => s is not null))
            {
                await silo.DisposeAsync();
            }
        }
        finally
        {
            Redis.Dispose();
        }
    }

    /// <summary>The same live room on both silos.</summary>
    public async Task<string> CreateRoomOnBothAsync()
    {
        var roomId = SiloScenario.NewId("room");
        foreach (var silo in Both)
        {
            await silo.CreateLiveRoomAsync(roomId);
        }

        return roomId;
    }

    /// <summary>An already open drop with a fixed id on <paramref name="silo"/>.</summary>
    public static async Task OpenDropAsync(TestSilo silo, string roomId, string dropId, int quantity, int perUserLimit)
    {
        var reply = await silo.Admin.ScheduleDropAsync(new ScheduleDropRequest
        {
            DropId = dropId,
            RoomId = roomId,
            Title = "redis sneakers",
            UnitPrice = SiloScenario.UnitPrice,
            Quantity = quantity,
            PerUserLimit = perUserLimit,
            OpensAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1)),
            PaymentWindowSeconds = 600,
        }).WithTimeout();
        Assert.Equal(ResultCode.Ok, reply.Result);
    }

    /// <summary>Waits until both silos report Redis in the gRPC health service as <paramref name="status"/>.</summary>
    public async Task WaitForRedisHealthAsync(ServingStatus status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        foreach (var silo in Both)
        {
            while (true)
            {
                var reply = await silo.Health.CheckAsync(RedisHealth.ServiceName).WithTimeout();
                if (reply.Status == status)
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"Redis health stayed {reply.Status}, expected {status}");
                await Task.Delay(100);
            }
        }
    }

    public static async Task<(int Status, string Body)> HealthzAsync(TestSilo silo)
    {
        using var http = new HttpClient { BaseAddress = silo.HttpAddress };
        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative)).WithTimeout();
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync().WithTimeout());
    }

    public static string Key(string prefix, int i) => prefix + "-" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>Grabs alternately on A and B as <paramref name="userId"/>; returns each outcome
    /// (the reply, or the RPC error).</summary>
    public async Task<List<(GrabReply? Reply, RpcException? Error)>> GrabAlternatingAsync(string dropId, string userId, int calls)
    {
        var outcomes = new List<(GrabReply?, RpcException?)>();
        for (var i = 0; i < calls; i++)
        {
            var silo = i % 2 == 0 ? A : B;
            try
            {
                outcomes.Add((await silo.Shop.GrabAsync(dropId, userId, idempotencyKey: Key(userId, i)).WithTimeout(), null));
            }
            catch (RpcException error)
            {
                outcomes.Add((null, error));
            }
        }

        return outcomes;
    }
}

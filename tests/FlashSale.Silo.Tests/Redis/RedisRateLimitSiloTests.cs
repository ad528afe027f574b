using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;

namespace FlashSale.Silo.Tests.Redis;

/// <summary>Per-user limits shared by two silos through Redis.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RedisRateLimitSiloTests
{
    private const int Limit = 4;

    [Fact]
    public async Task Grab_OneUserAlternatingBetweenSilos_IsLimitedAtTheConfiguredTotal()
    {
        // Arrange: a minute-long window so a slow machine cannot slip into the next one, and 5 s for
        // Redis to answer so a stalled test machine does not hand a call to the silo's own counter.
        await using var pair = await RedisSiloPair.StartAsync("--rate-limit-user", "4", "--rate-limit-window-ms", "60000", "--rate-limit-redis-timeout-ms", "5000");
        var roomId = await pair.CreateRoomOnBothAsync();
        var dropId = SiloScenario.NewId("drop");
        foreach (var silo in pair.Both)
        {
            await RedisSiloPair.OpenDropAsync(silo, roomId, dropId, quantity: 50, perUserLimit: 50);
        }

        // Act
        var outcomes = await pair.GrabAlternatingAsync(dropId, "script-bot", calls: 2 * Limit);
        var human = await pair.B.Shop.GrabAsync(dropId, "human").WithTimeout();

        // Assert: half allowed across both silos, the rest told to back off.
        Assert.All(outcomes.Take(Limit), o => Assert.Equal(ResultCode.Ok, o.Reply?.Result));
        Assert.All(outcomes.Skip(Limit), o =>
        {
            Assert.NotNull(o.Error);
            Assert.Equal(StatusCode.ResourceExhausted, o.Error.StatusCode);
            Assert.Contains("rate limit", o.Error.Status.Detail, StringComparison.Ordinal);
            var pushback = o.Error.Trailers.GetValue("grpc-retry-pushback-ms");
            Assert.True(pushback is not null, "no grpc-retry-pushback-ms trailer");
            Assert.InRange(o.Error.RetryAfter()!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(60));
        });
        Assert.Equal(ResultCode.Ok, human.Result);
    }
}

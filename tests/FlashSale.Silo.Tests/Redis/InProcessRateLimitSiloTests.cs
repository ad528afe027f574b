using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;

namespace FlashSale.Silo.Tests.Redis;

/// <summary>The embedded default (no Redis): in-process limits, and the off switch.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class InProcessRateLimitSiloTests
{
    [Theory]
    [InlineData("on", 2)]
    [InlineData("off", 6)]
    public async Task Grab_SameUserSixTimes_LimitedUnlessSwitchedOff(string mode, int expectedAllowed)
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            Storage = "memory",
            ExtraArgs = ["--rate-limit", mode, "--rate-limit-user", "2", "--rate-limit-window-ms", "60000"],
        });
        var (_, dropId) = await silo.OpenDropAsync(quantity: 20, perUserLimit: 20);

        // Act
        var allowed = 0;
        var limited = 0;
        for (var i = 0; i < 6; i++)
        {
            try
            {
                var reply = await silo.Shop.GrabAsync(dropId, "script-bot").WithTimeout();
                Assert.Equal(ResultCode.Ok, reply.Result);
                allowed++;
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.ResourceExhausted
                && error.Trailers.GetValue("grpc-retry-pushback-ms") is not null)
            {
                limited++;
            }
        }

        // Assert
        Assert.Equal(expectedAllowed, allowed);
        Assert.Equal(6 - expectedAllowed, limited);
    }
}

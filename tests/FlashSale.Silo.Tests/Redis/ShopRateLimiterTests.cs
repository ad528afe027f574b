using Grpc.Core;
using FlashSale.Silo.RateLimiting;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.Redis;

/// <summary>The Shop service's gate over the in-process counters: status, message, trailer, keys.</summary>
public sealed class ShopRateLimiterTests
{
    private static readonly FakeCallContext Localhost = new("ipv4:127.0.0.1:50000");

    [Fact]
    public async Task CheckAsync_OverTheUserLimit_ThrowsResourceExhaustedWithRetryPushbackTrailer()
    {
        // Arrange
        var limiter = NewLimiter(new RateLimitOptions { PerUser = 2, WindowMilliseconds = 1_000 });
        await limiter.CheckAsync("bot", Localhost).AsTask().WithTimeout();
        await limiter.CheckAsync("bot", Localhost).AsTask().WithTimeout();

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => limiter.CheckAsync("bot", Localhost).AsTask()).WithTimeout();

        // Assert
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("rate limit", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("this user", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("1000", error.Trailers.GetValue(ShopRateLimiter.RetryPushbackTrailer));
        Assert.Equal(1, limiter.Rejected);
    }

    [Fact]
    public async Task CheckAsync_ModeOff_NeverRejects()
    {
        // Arrange
        var limiter = NewLimiter(new RateLimitOptions { Mode = "off", PerUser = 1, PerAddress = 1 });

        // Act
        for (var i = 0; i < 100; i++)
        {
            await limiter.CheckAsync("bot", Localhost).AsTask().WithTimeout();
        }

        // Assert
        Assert.Equal(0, limiter.Rejected);
    }

    [Fact]
    public async Task CheckAsync_PerAddressWithoutTrust_ChargesThePeerNotTheForwardedHeader()
    {
        // Arrange: a client claiming a new x-forwarded-for each call must still be one address.
        var limiter = NewLimiter(new RateLimitOptions { PerUser = 0, PerAddress = 2 });
        FakeCallContext Forged(int i) => new("ipv4:10.1.1.1:4000", new Metadata { { ClientAddress.ForwardedForHeader, $"203.0.113.{i}" } });
        await limiter.CheckAsync("u1", Forged(1)).AsTask().WithTimeout();
        await limiter.CheckAsync("u2", Forged(2)).AsTask().WithTimeout();

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => limiter.CheckAsync("u3", Forged(3)).AsTask()).WithTimeout();

        // Assert
        Assert.Contains("client address", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_TrustedForwardedFor_TakesTheLastEntry()
    {
        // Arrange
        var context = new FakeCallContext("ipv4:10.0.0.5:4000", new Metadata { { ClientAddress.ForwardedForHeader, "1.2.3.4, 198.51.100.7" } });

        // Act
        var trusted = ClientAddress.Resolve(context, trustForwardedFor: true);
        var untrusted = ClientAddress.Resolve(context, trustForwardedFor: false);

        // Assert
        Assert.Equal("198.51.100.7", trusted);
        Assert.Equal("10.0.0.5", untrusted);
    }

    [Theory]
    [InlineData("ipv4:127.0.0.1:51234", "127.0.0.1")]
    [InlineData("ipv6:[::1]:51234", "::1")]
    [InlineData("unknown", "unknown")]
    public void FromPeer_StripsFamilyAndPort(string peer, string expected) =>
        Assert.Equal(expected, ClientAddress.FromPeer(peer));

    private static ShopRateLimiter NewLimiter(RateLimitOptions options) =>
        new(options, new InProcessRateLimitCounter(new FakeTimeProvider()));
}

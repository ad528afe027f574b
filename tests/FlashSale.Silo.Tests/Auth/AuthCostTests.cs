using System.Diagnostics;
using FlashSale.Silo.Auth;
using FlashSale.Silo.Services;
using FlashSale.Silo.Tests.Fixtures;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FlashSale.Silo.Tests.Auth;

/// <summary>What authenticating one call costs the silo (JwtBearer through IAuthenticationService, as
/// the Shop interceptor calls it), with the validated-token cache and without: a rough in-process
/// measurement printed to the test output, and the cache shown to hold one entry per token.</summary>
public sealed class AuthCostTests(ITestOutputHelper output)
{
    private const int Calls = 20_000;

    [Fact]
    public async Task AuthenticateAsync_SameTokenRepeatedly_IsServedFromTheCache()
    {
        var token = TestAuth.Tokens.For("cost-user");

        var (cached, cachedHandler) = await MeasureAsync(token, cacheSize: 1_000);
        var (uncached, _) = await MeasureAsync(token, cacheSize: 0);

        output.WriteLine($"per call: {cached.TotalMicroseconds / Calls:F2} us with the cache, {uncached.TotalMicroseconds / Calls:F2} us without");
        Assert.Equal(1, cachedHandler.Count);
    }

    private static async Task<(TimeSpan Elapsed, CachingJsonWebTokenHandler Handler)> MeasureAsync(string token, int cacheSize)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(new AdminAuthorizer("admin-token-0123456789"));
        services.AddFlashSaleAuth(new ShopperAuthOptions { TokenCacheSize = cacheSize }, TestAuth.SigningKey);
        await using var provider = services.BuildServiceProvider();
        var header = "Bearer " + token;

        async Task OnceAsync()
        {
            await using var scope = provider.CreateAsyncScope();
            var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            context.Request.Headers.Authorization = header;
            var result = await context.AuthenticateAsync(ShopperAuthenticator.Scheme);
            Assert.True(result.Succeeded, result.Failure?.Message);
        }

        for (var i = 0; i < 1_000; i++)
        {
            await OnceAsync();
        }

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Calls; i++)
        {
            await OnceAsync();
        }

        return (Stopwatch.GetElapsedTime(started), provider.GetRequiredService<CachingJsonWebTokenHandler>());
    }
}

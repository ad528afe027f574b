using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Hosting;
using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static FlashSale.Silo.Tests.Fixtures.SiloScenario;

namespace FlashSale.Silo.Tests.Auth;

/// <summary><c>--shopper-auth off</c> (for a silo behind an authenticating gateway, or benchmarks)
/// takes the token check away and nothing else; without it, or with any other value, it stays.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ShopperAuthOffTests
{
    [Fact]
    public async Task Off_GrabWithoutToken_IsServedAsTheNamedUser()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory", ExtraArgs = ["--shopper-auth", "off"] });
        var (_, dropId) = await silo.OpenDropAsync(quantity: 10, perUserLimit: 1);
        using var bare = FlashSaleChannel.ForAddress(silo.GrpcAddress);
        var shop = new Shop.ShopClient(bare.CallInvoker);
        var user = NewId("gw");

        var grabbed = await shop.GrabAsync(new GrabRequest { DropId = dropId, UserId = user, Quantity = 1, IdempotencyKey = IdempotencyKeys.New() }).ResponseAsync.WithTimeout();
        var again = await shop.GrabAsync(new GrabRequest { DropId = dropId, UserId = user, Quantity = 1, IdempotencyKey = IdempotencyKeys.New() }).ResponseAsync.WithTimeout();

        Assert.Equal(ResultCode.Ok, grabbed.Result);
        Assert.Equal(user, grabbed.Order.UserId);
        Assert.Equal(ResultCode.LimitReached, again.Result);
        Assert.False(silo.Services.GetRequiredService<IOptions<SiloOptions>>().Value.Auth.IsEnabled);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("on")]
    [InlineData("of")]
    public async Task OnByDefaultOrAnyOtherValue_GrabWithoutToken_IsUnauthenticated(string? mode)
    {
        string[] args = mode is null ? [] : ["--shopper-auth", mode];
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory", ExtraArgs = args });
        var (_, dropId) = await silo.OpenDropAsync(quantity: 10, perUserLimit: 1);
        using var bare = FlashSaleChannel.ForAddress(silo.GrpcAddress);
        var shop = new Shop.ShopClient(bare.CallInvoker);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            shop.GrabAsync(new GrabRequest { DropId = dropId, UserId = NewId("gw"), Quantity = 1, IdempotencyKey = IdempotencyKeys.New() }).ResponseAsync.WithTimeout());

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.True(silo.Services.GetRequiredService<IOptions<SiloOptions>>().Value.Auth.IsEnabled);
    }
}

using System.Security.Cryptography;
using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;
using static FlashSale.Silo.Tests.Fixtures.SiloScenario;

namespace FlashSale.Silo.Tests.Auth;

/// <summary>Every user-scoped Shop method through real Kestrel: no token, a malformed, badly signed,
/// expired or foreign-audience token → UNAUTHENTICATED; a token of another user → PERMISSION_DENIED
/// naming user_id; the user's own token → OK. Public reads need none.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ShopperAuthTests(AuthSiloFixture fixture) : IClassFixture<AuthSiloFixture>
{
    private const string Alice = "alice";

    public static TheoryData<string> UserScopedMethods => new()
    {
        "Grab", "Pay", "CancelOrder", "ClaimCoupon", "ListMyOrders", "GetMyWallet", "WatchRoom", "ReturnOrder", "ClaimEnvelope",
    };

    private Shop.ShopClient Shop => new(fixture.Bare.CallInvoker);

    [Theory]
    [MemberData(nameof(UserScopedMethods))]
    public async Task UserScopedMethod_WithoutToken_IsUnauthenticated(string method)
    {
        var error = await AssertStatusAsync(StatusCode.Unauthenticated, () => CallAsync(method, Alice, headers: null));

        Assert.Contains("authorization", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UserScopedMethods))]
    public async Task UserScopedMethod_WithBadSignatureExpiredMalformedOrForeignToken_IsUnauthenticated(string method)
    {
        var otherKey = new ShopperTokens(RandomNumberGenerator.GetBytes(32)).For(Alice);
        var expired = TestAuth.Tokens.Mint(Alice, DateTimeOffset.UtcNow.AddHours(-2), TimeSpan.FromHours(1));
        var foreignAudience = new ShopperTokens(TestAuth.SigningKey, audience: "another-service").For(Alice);
        var foreignIssuer = new ShopperTokens(TestAuth.SigningKey, issuer: "someone-else").For(Alice);
        var good = TestAuth.Tokens.For(Alice);
        var tampered = good[..good.LastIndexOf('.')] + "." + new ShopperTokens(RandomNumberGenerator.GetBytes(32)).For(Alice).Split('.')[2];

        foreach (var token in new[] { otherKey, expired, foreignAudience, foreignIssuer, tampered, "not-a-jwt" })
        {
            var error = await AssertStatusAsync(StatusCode.Unauthenticated, () => CallAsync(method, Alice, Header(token)));
            Assert.Contains("not valid", error.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(UserScopedMethods))]
    public async Task UserScopedMethod_WithAnotherUsersToken_IsPermissionDeniedNamingUserId(string method)
    {
        var error = await AssertStatusAsync(StatusCode.PermissionDenied, () => CallAsync(method, Alice, TestAuth.Bearer("mallory")));

        Assert.Contains("user_id", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryUserScopedMethod_WithOwnToken_IsOk()
    {
        var user = NewId("own");
        var headers = TestAuth.Bearer(user);
        await fixture.Silo.CreditAsync(user, 100 * UnitPrice);

        var first = await Shop.GrabAsync(Grab(user), headers).ResponseAsync.WithTimeout();
        var second = await Shop.GrabAsync(Grab(user), headers).ResponseAsync.WithTimeout();
        var paid = await Shop.PayAsync(new PayRequest { OrderId = first.Order.OrderId, UserId = user, IdempotencyKey = IdempotencyKeys.New() }, headers).ResponseAsync.WithTimeout();
        var cancelled = await Shop.CancelOrderAsync(new CancelOrderRequest { OrderId = second.Order.OrderId, UserId = user, IdempotencyKey = IdempotencyKeys.New() }, headers).ResponseAsync.WithTimeout();
        var claimed = await Shop.ClaimCouponAsync(new ClaimCouponRequest { PoolId = fixture.PoolId, UserId = user, IdempotencyKey = IdempotencyKeys.New() }, headers).ResponseAsync.WithTimeout();
        var orders = await Shop.ListMyOrdersAsync(new ListMyOrdersRequest { UserId = user }, headers).ResponseAsync.WithTimeout();
        var wallet = await Shop.GetMyWalletAsync(new GetMyWalletRequest { UserId = user }, headers).ResponseAsync.WithTimeout();
        var watched = await FirstWatchEventAsync(user, headers);

        Assert.Equal(ResultCode.Ok, first.Result);
        Assert.Equal(ResultCode.Ok, paid.Result);
        Assert.Equal(ResultCode.Ok, cancelled.Result);
        Assert.Equal(ResultCode.Ok, claimed.Result);
        Assert.Equal(2, orders.Orders.Count);
        Assert.Equal(99 * UnitPrice, wallet.Balance);
        Assert.Equal(RoomEvent.KindOneofCase.Snapshot, watched.KindCase);
    }

    [Fact]
    public async Task PublicReads_AndAnonymousWatch_NeedNoToken()
    {
        var rooms = await Shop.ListRoomsAsync(new ListRoomsRequest()).ResponseAsync.WithTimeout();
        var room = await Shop.GetRoomAsync(new GetRoomRequest { RoomId = fixture.RoomId }).ResponseAsync.WithTimeout();
        var watched = await FirstWatchEventAsync(userId: "", headers: null);

        Assert.Contains(rooms.Rooms, r => r.RoomId == fixture.RoomId);
        Assert.Equal(fixture.RoomId, room.RoomId);
        Assert.Equal(RoomEvent.KindOneofCase.Snapshot, watched.KindCase);
    }

    [Fact]
    public async Task Channel_WithShopperTokenProviderOrFixedToken_ActsAsTheUser()
    {
        var user = NewId("chan");
        using var provided = FlashSaleChannel.ForAddress(fixture.Silo.GrpcAddress, new FlashSaleChannelOptions { ShopperTokenProvider = TestAuth.Tokens.For });
        using var fixedToken = FlashSaleChannel.ForAddress(fixture.Silo.GrpcAddress, new FlashSaleChannelOptions { ShopperToken = TestAuth.Tokens.For(user) });

        var viaProvider = await new ShopClient(provided).GrabAsync(Grab(user)).WithTimeout();
        var viaFixed = await new ShopClient(fixedToken).GetMyWalletAsync(new GetMyWalletRequest { UserId = user }).WithTimeout();
        await AssertStatusAsync(StatusCode.PermissionDenied, () => new ShopClient(fixedToken).GetMyWalletAsync(new GetMyWalletRequest { UserId = "bob" }));

        Assert.Equal(ResultCode.Ok, viaProvider.Result);
        Assert.Equal(user, viaFixed.UserId);
    }

    private static Metadata Header(string token) => new() { { "authorization", "Bearer " + token } };

    private GrabRequest Grab(string user) =>
        new() { DropId = fixture.DropId, UserId = user, Quantity = 1, IdempotencyKey = IdempotencyKeys.New() };

    private async Task<RoomEvent> FirstWatchEventAsync(string userId, Metadata? headers)
    {
        using var call = Shop.WatchRoom(new WatchRoomRequest { RoomId = fixture.RoomId, UserId = userId }, headers, DateTime.UtcNow.AddSeconds(20));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WithTimeout());
        return call.ResponseStream.Current;
    }

    private Task CallAsync(string method, string userId, Metadata? headers)
    {
        var key = IdempotencyKeys.New();
        return method switch
        {
            "Grab" => Shop.GrabAsync(new GrabRequest { DropId = fixture.DropId, UserId = userId, Quantity = 1, IdempotencyKey = key }, headers).ResponseAsync,
            "Pay" => Shop.PayAsync(new PayRequest { OrderId = fixture.DropId + "/1", UserId = userId, IdempotencyKey = key }, headers).ResponseAsync,
            "CancelOrder" => Shop.CancelOrderAsync(new CancelOrderRequest { OrderId = fixture.DropId + "/1", UserId = userId, IdempotencyKey = key }, headers).ResponseAsync,
            "ClaimCoupon" => Shop.ClaimCouponAsync(new ClaimCouponRequest { PoolId = fixture.PoolId, UserId = userId, IdempotencyKey = key }, headers).ResponseAsync,
            "ListMyOrders" => Shop.ListMyOrdersAsync(new ListMyOrdersRequest { UserId = userId }, headers).ResponseAsync,
            "GetMyWallet" => Shop.GetMyWalletAsync(new GetMyWalletRequest { UserId = userId }, headers).ResponseAsync,
            "WatchRoom" => FirstWatchEventAsync(userId, headers),
            "ReturnOrder" => Shop.ReturnOrderAsync(new ReturnOrderRequest { OrderId = fixture.DropId + "/1", UserId = userId, IdempotencyKey = key }, headers).ResponseAsync,
            "ClaimEnvelope" => Shop.ClaimEnvelopeAsync(new ClaimEnvelopeRequest { RainId = "no-such-rain", UserId = userId, IdempotencyKey = key }, headers).ResponseAsync,
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
        };
    }
}

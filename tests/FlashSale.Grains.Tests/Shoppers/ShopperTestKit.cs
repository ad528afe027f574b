using FlashSale.Api.V1;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Tests.Shoppers;

internal static class ShopperTestKit
{
    public static async Task<Order> GrabAsync(this GrainTestHost host, string userId, string dropId = "d1", int quantity = 1)
    {
        var reply = await host.Shopper(userId).Grab(new GrabRequest { DropId = dropId, UserId = userId, Quantity = quantity, IdempotencyKey = Guid.NewGuid().ToString("N") }).WithTimeout();
        Assert.Equal(ResultCode.Ok, reply.Result);
        return reply.Order;
    }

    public static Task<PayReply> PayAsync(this GrainTestHost host, string userId, string orderId, string key, string couponId = "") =>
        host.Shopper(userId).Pay(new PayRequest { OrderId = orderId, UserId = userId, IdempotencyKey = key, CouponId = couponId }).WithTimeout();

    public static async Task<long> BalanceAsync(this GrainTestHost host, string userId) =>
        (await host.Wallet(userId).Get(new Empty()).WithTimeout()).Balance;

    public static async Task<Coupon> ClaimAsync(this GrainTestHost host, string userId, string poolId, CouponKind kind = CouponKind.AmountOff, long amountOff = 1_000)
    {
        await host.Pool(poolId).Create(new CreateCouponPoolRequest
        {
            PoolId = poolId, Kind = kind, AmountOff = amountOff, Threshold = 5_000, PercentOff = 10, Total = 100,
        }).WithTimeout();
        var reply = await host.Shopper(userId).ClaimCoupon(new ClaimCouponRequest { PoolId = poolId, UserId = userId }).WithTimeout();
        Assert.Equal(ResultCode.Ok, reply.Result);
        return reply.Coupon;
    }

    public static async Task<CouponPoolStatus> PoolStatusAsync(this GrainTestHost host, string poolId) =>
        await host.Pool(poolId).GetStatus(new Empty()).WithTimeout();
}

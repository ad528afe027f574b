using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Tests.Coupons;

public sealed class CouponPoolGrainTests
{
    private static async Task CreatePoolAsync(GrainTestHost host, string poolId, int total, CouponKind kind = CouponKind.ThresholdOff, TimeSpan? validFor = null)
    {
        var reply = await host.Pool(poolId).Create(new CreateCouponPoolRequest
        {
            PoolId = poolId, Kind = kind, AmountOff = 3_000, Threshold = 20_000, PercentOff = 10, Total = total,
            ValidFrom = Timestamp.FromDateTimeOffset(host.Now),
            ValidUntil = Timestamp.FromDateTimeOffset(host.Now + (validFor ?? TimeSpan.FromDays(1))),
        }).WithTimeout();
        Assert.Equal(ResultCode.Ok, reply.Result);
    }

    [Fact]
    public async Task Create_Twice_IsIdempotentUnlessParametersDiffer()
    {
        await using var host = await GrainTestHost.StartAsync();
        await CreatePoolAsync(host, "p1", total: 5);

        var differing = await host.Pool("p1").Create(new CreateCouponPoolRequest { PoolId = "p1", Kind = CouponKind.AmountOff, Total = 5 }).WithTimeout();

        Assert.Equal(ResultCode.AlreadyExists, differing.Result);
        Assert.Equal(CouponKind.ThresholdOff, differing.Pool.Kind);
    }

    [Fact]
    public async Task Claim_ConcurrentlyByMoreUsersThanCoupons_NeverClaimsMoreThanTotal()
    {
        await using var host = await GrainTestHost.StartAsync();
        await CreatePoolAsync(host, "p1", total: 10);

        var replies = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            host.Pool("p1").Claim(new CouponClaim { UserId = $"u{i}" }))).WithTimeout();

        Assert.Equal(10, replies.Count(r => r.Result == ResultCode.Ok));
        Assert.Equal(20, replies.Count(r => r.Result == ResultCode.CouponGone));
        Assert.Equal(10, replies.Where(r => r.Result == ResultCode.Ok).Select(r => r.Coupon.CouponId).Distinct().Count());
        Assert.Equal(10, (await host.Pool("p1").GetStatus(new Empty()).WithTimeout()).Claimed);
    }

    [Fact]
    public async Task Claim_SecondTime_ReturnsAlreadyClaimedWithSameCoupon()
    {
        await using var host = await GrainTestHost.StartAsync();
        await CreatePoolAsync(host, "p1", total: 10);

        var first = await host.Pool("p1").Claim(new CouponClaim { UserId = "alice" }).WithTimeout();
        var second = await host.Pool("p1").Claim(new CouponClaim { UserId = "alice" }).WithTimeout();

        Assert.Equal(ResultCode.AlreadyClaimed, second.Result);
        Assert.Equal(first.Coupon.CouponId, second.Coupon.CouponId);
        Assert.Equal(1, (await host.Pool("p1").GetStatus(new Empty()).WithTimeout()).Claimed);
    }

    [Fact]
    public async Task Claim_AfterValidity_ReturnsNotApplicable()
    {
        await using var host = await GrainTestHost.StartAsync();
        await CreatePoolAsync(host, "p1", total: 10, validFor: TimeSpan.FromMinutes(1));
        host.Time.Advance(TimeSpan.FromMinutes(2));

        var reply = await host.Pool("p1").Claim(new CouponClaim { UserId = "alice" }).WithTimeout();

        Assert.Equal(ResultCode.CouponNotApplicable, reply.Result);
    }

    [Fact]
    public async Task Redeem_CouponAtMostOnce_AndIdempotentForTheSameOrder()
    {
        await using var host = await GrainTestHost.StartAsync();
        await CreatePoolAsync(host, "p1", total: 10);
        await host.Pool("p1").Claim(new CouponClaim { UserId = "alice" }).WithTimeout();

        var first = await host.Pool("p1").Redeem(new CouponRedeem { UserId = "alice", OrderId = "d1/1", OrderTotal = 25_000 }).WithTimeout();
        var retry = await host.Pool("p1").Redeem(new CouponRedeem { UserId = "alice", OrderId = "d1/1", OrderTotal = 25_000 }).WithTimeout();
        var other = await host.Pool("p1").Redeem(new CouponRedeem { UserId = "alice", OrderId = "d1/2", OrderTotal = 25_000 }).WithTimeout();

        Assert.Equal((ResultCode.Ok, 3_000L), (first.Result, first.DiscountAmount));
        Assert.Equal((ResultCode.Ok, 3_000L), (retry.Result, retry.DiscountAmount));
        Assert.Equal(ResultCode.CouponNotApplicable, other.Result);
        Assert.Equal(1, (await host.Pool("p1").GetStatus(new Empty()).WithTimeout()).Redeemed);
    }

    [Fact]
    public async Task Redeem_BelowThreshold_ReturnsNotApplicable()
    {
        await using var host = await GrainTestHost.StartAsync();
        await CreatePoolAsync(host, "p1", total: 10);
        await host.Pool("p1").Claim(new CouponClaim { UserId = "alice" }).WithTimeout();

        var reply = await host.Pool("p1").Redeem(new CouponRedeem { UserId = "alice", OrderId = "d1/1", OrderTotal = 19_999 }).WithTimeout();

        Assert.Equal(ResultCode.CouponNotApplicable, reply.Result);
        Assert.Equal(0, (await host.Pool("p1").GetStatus(new Empty()).WithTimeout()).Redeemed);
    }

    [Fact]
    public async Task Release_ReturnsCouponToOwnerForAnotherOrder()
    {
        await using var host = await GrainTestHost.StartAsync();
        await CreatePoolAsync(host, "p1", total: 10, kind: CouponKind.PercentOff);
        await host.Pool("p1").Claim(new CouponClaim { UserId = "alice" }).WithTimeout();
        await host.Pool("p1").Redeem(new CouponRedeem { UserId = "alice", OrderId = "d1/1", OrderTotal = 10_000 }).WithTimeout();

        var released = await host.Pool("p1").Release(new CouponRelease { UserId = "alice", OrderId = "d1/1" }).WithTimeout();
        var reused = await host.Pool("p1").Redeem(new CouponRedeem { UserId = "alice", OrderId = "d1/2", OrderTotal = 10_000 }).WithTimeout();

        Assert.Equal(string.Empty, released.Coupon.RedeemedByOrderId);
        Assert.Equal((ResultCode.Ok, 1_000L), (reused.Result, reused.DiscountAmount));
    }
}

using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Grains.Tests.Fakes;
using FlashSale.Testing;

namespace FlashSale.Grains.Tests.GroupCommit;

public sealed class CouponGroupCommitTests
{
    [Fact]
    public async Task Claim_ManyConcurrentWithRepeats_NeverOverClaimsAndOneCouponPerUser()
    {
        await using var host = await GrainTestHost.StartAsync(stores: TestStores.OutlivingTheSilo());
        await host.CreatePoolAsync("pool", total: 50);
        host.Storage.WriteDelay = TimeSpan.FromMilliseconds(2);
        var writesBefore = host.Storage.Writes("coupon-pool");

        // 150 users, a third of them claiming twice.
        var users = Enumerable.Range(0, 200).Select(i => $"u{i % 150}").ToList();
        var replies = await Task.WhenAll(users.Select(u => Task.Run(() =>
            host.Pool("pool").Claim(new CouponClaim { UserId = u })))).WithTimeout();

        var granted = replies.Where(r => r.Result == ResultCode.Ok).ToList();
        var status = await host.Pool("pool").GetStatus(new Google.Protobuf.WellKnownTypes.Empty()).WithTimeout();
        Assert.Equal(50, granted.Count);
        Assert.Equal(50, status.Claimed);
        Assert.Equal(50, granted.Select(r => r.Coupon.UserId).Distinct().Count());
        Assert.Equal(50, granted.Select(r => r.Coupon.CouponId).Distinct().Count());
        Assert.All(replies, r => Assert.Contains(r.Result, new[] { ResultCode.Ok, ResultCode.CouponGone, ResultCode.AlreadyClaimed }));
        var writes = host.Storage.Writes("coupon-pool") - writesBefore;
        Assert.True(writes < 50, $"{writes} pool writes for 50 claims");
    }

    [Fact]
    public async Task Claim_SameUserTwiceInOneBatch_GetsTheSameCoupon()
    {
        await using var host = await GrainTestHost.StartAsync(stores: TestStores.OutlivingTheSilo());
        await host.CreatePoolAsync("pool", total: 2);
        var pool = host.Pool("pool");
        host.Storage.CloseGate();
        var first = pool.Claim(new CouponClaim { UserId = "z" });
        await host.Storage.WriteHeld.WithTimeout();

        var batch = new[] { "a", "a", "b", "c" }.Select(u => pool.Claim(new CouponClaim { UserId = u })).ToList();
        host.Storage.OpenGate();
        Assert.Equal(ResultCode.Ok, (await first.WithTimeout()).Result);
        var r = await Task.WhenAll(batch).WithTimeout();

        Assert.Equal(ResultCode.Ok, r[0].Result);
        Assert.Equal(ResultCode.AlreadyClaimed, r[1].Result);
        Assert.Equal(r[0].Coupon.CouponId, r[1].Coupon.CouponId);
        Assert.Equal(ResultCode.CouponGone, r[2].Result);
        Assert.Equal(ResultCode.CouponGone, r[3].Result);
        Assert.Equal(2, (await pool.GetStatus(new Google.Protobuf.WellKnownTypes.Empty()).WithTimeout()).Claimed);
    }
}

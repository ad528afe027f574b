using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Tests.Drop;

/// <summary>Grabs go straight to the drop; only the early-access window needs the shopper's tier.</summary>
public sealed class GrabRoutingTests
{
    [Fact]
    public async Task Direct_OpenDrop_ServesTheGrabWithoutTheTier()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 5);

        var reply = await Grabs.GrabAsync(host.Grains, new GrabRequest { DropId = "d1", UserId = "alice", Quantity = 2, IdempotencyKey = "k1" }, default).WithTimeout();

        Assert.Equal(ResultCode.Ok, reply.Result);
        Assert.Equal(("alice", 2), (reply.Order.UserId, reply.Order.Quantity));
        Assert.Equal(3, (await host.StatusAsync("d1")).Remaining);
    }

    [Fact]
    public async Task Grab_CallerAlreadyCancelled_IsNotSentAndTakesNothing()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 5);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Grabs.GrabAsync(host.Grains, new GrabRequest { DropId = "d1", UserId = "alice", Quantity = 1, IdempotencyKey = "k1" }, cancelled.Token).WithTimeout());

        var status = await host.StatusAsync("d1");
        Assert.Equal((5, 0), (status.Remaining, status.Reserved));
    }

    [Fact]
    public async Task TierUnknown_InEarlyAccess_HasNoEffectAndRemembersNothing()
    {
        await using var host = await GrainTestHost.StartAsync();
        await ScheduleEarlyAccessAsync(host);

        var unknown = await host.Drop("d1").Grab(new DropGrab { UserId = "vip", Quantity = 1, IdempotencyKey = "k1", TierUnknown = true }).WithTimeout();
        var known = await host.Drop("d1").Grab(new DropGrab { UserId = "vip", Quantity = 1, IdempotencyKey = "k1", MemberTier = 3 }).WithTimeout();

        Assert.Equal(ResultCode.Unspecified, unknown.Result);
        Assert.Null(unknown.Order);
        // The same key later with the tier is a first attempt, not a replay of "tier needed".
        Assert.Equal(ResultCode.Ok, known.Result);
        Assert.Equal(9, (await host.StatusAsync("d1")).Remaining);
    }

    [Fact]
    public async Task Grabs_InEarlyAccess_UseTheShoppersTier()
    {
        await using var host = await GrainTestHost.StartAsync();
        await ScheduleEarlyAccessAsync(host);
        await host.Shopper("vip").SetTier(new SetMemberTierRequest { UserId = "vip", Tier = 3 }).WithTimeout();

        var member = await Grabs.GrabAsync(host.Grains, new GrabRequest { DropId = "d1", UserId = "vip", Quantity = 1, IdempotencyKey = "k1" }, default).WithTimeout();
        var regular = await Grabs.GrabAsync(host.Grains, new GrabRequest { DropId = "d1", UserId = "bob", Quantity = 1, IdempotencyKey = "k1" }, default).WithTimeout();

        Assert.Equal(ResultCode.Ok, member.Result);
        Assert.Equal(ResultCode.EarlyAccessOnly, regular.Result);
        Assert.Equal(9, (await host.StatusAsync("d1")).Remaining);
    }

    [Fact]
    public async Task Direct_RetriedKey_ReplaysTheFirstOrder()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 5);
        var request = new GrabRequest { DropId = "d1", UserId = "alice", Quantity = 1, IdempotencyKey = "k1" };

        var first = await Grabs.GrabAsync(host.Grains, request, default).WithTimeout();
        var retry = await Grabs.GrabAsync(host.Grains, request, default).WithTimeout();

        Assert.Equal(first.Order.OrderId, retry.Order.OrderId);
        Assert.Equal(4, (await host.StatusAsync("d1")).Remaining);
    }

    private static Task ScheduleEarlyAccessAsync(GrainTestHost host) =>
        host.ScheduleDropAsync("d1", quantity: 10, opensIn: TimeSpan.FromMinutes(5), configure: r =>
        {
            r.EarlyAccessAt = Timestamp.FromDateTimeOffset(host.Now);
            r.EarlyAccessMinTier = 3;
        });
}

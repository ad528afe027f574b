using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.AntiAbuse;
using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Silo.Tests.Redis;
using FlashSale.Testing;
using Grpc.Core;
using static FlashSale.Silo.Tests.AntiAbuse.AbuseScenario;
using static FlashSale.Silo.Tests.Fixtures.SiloScenario;

namespace FlashSale.Silo.Tests.AntiAbuse;

/// <summary>The rapid-grab rule: more than K distinct drops within W seconds from one user.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RapidGrabSiloTests
{
    private const int MaxDrops = 3;

    // A minute-long window so a slow machine cannot see the first grabs leave it mid-test.
    private static readonly string[] RuleArgs = ["--rapid-grab-drops", "3", "--rapid-grab-window", "60"];

    [Fact]
    public async Task Grab_OneUserOnManyDropsInParallel_AllowsTheLimitAndRejectsTheRestWithRapidGrab()
    {
        // Arrange: 7 open drops; one client connection per drop, as a script would.
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory", ExtraArgs = RuleArgs });
        var roomId = await silo.CreateLiveRoomAsync();
        var drops = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            drops.Add(await silo.ScheduleDropAsync(roomId, quantity: 10));
        }

        var bot = NewId("bot");
        var clients = drops.Select(_ => new ShopClient(silo.CreateChannel())).ToList();

        // Act
        var outcomes = await Task.WhenAll(drops.Select(async (drop, i) =>
        {
            try
            {
                return ((GrabReply?)await clients[i].GrabAsync(drop, bot).WithTimeout(), (RpcException?)null);
            }
            catch (RpcException error)
            {
                return (null, error);
            }
        }));

        // Assert: exactly K allowed, the rest rejected with the reason and a pushback inside the window.
        var allowed = outcomes.Where(o => o.Item1 is not null).ToList();
        var rejected = outcomes.Where(o => o.Item2 is not null).Select(o => o.Item2!).ToList();
        Assert.Equal(MaxDrops, allowed.Count);
        Assert.All(allowed, o => Assert.Equal(ResultCode.Ok, o.Item1!.Result));
        Assert.Equal(drops.Count - MaxDrops, rejected.Count);
        Assert.All(rejected, e =>
        {
            Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
            Assert.Equal(RejectionReasons.RapidGrab, e.RejectReason());
            Assert.InRange(e.RetryAfter()!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(60));
        });

        // A drop already counted stays grabbable (a second unit is a business result, not a rejection),
        // and another user is not affected.
        var counted = drops[outcomes.Select((o, i) => (o, i)).First(x => x.o.Item1 is not null).i];
        var repeat = await silo.Shop.GrabAsync(counted, bot).WithTimeout();
        Assert.Equal(ResultCode.LimitReached, repeat.Result);
        foreach (var drop in drops.Take(MaxDrops))
        {
            Assert.Equal(ResultCode.Ok, (await silo.Shop.GrabAsync(drop, "human").WithTimeout()).Result);
        }

        var uncounted = drops.First(d => d != counted && outcomes[drops.IndexOf(d)].Item2 is not null);
        await AssertRejectedAsync(StatusCode.ResourceExhausted, RejectionReasons.RapidGrab, () => silo.Shop.GrabAsync(uncounted, bot));
        var audited = await silo.WaitForRejectionsAsync(new ListRejectionsRequest { UserId = bot, Reason = RejectionReasons.RapidGrab }, r => r.Rejections.Count >= 5);
        Assert.Equal(5, audited.Rejections.Count);
    }

    [Fact]
    public async Task Grab_RuleOff_LetsOneUserGrabManyDrops()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory", ExtraArgs = ["--rapid-grab-drops", "0"] });
        var roomId = await silo.CreateLiveRoomAsync();
        var user = NewId("fast");

        // Act + assert
        for (var i = 0; i < MaxDrops + 3; i++)
        {
            var drop = await silo.ScheduleDropAsync(roomId, quantity: 10);
            Assert.Equal(ResultCode.Ok, (await silo.Shop.GrabAsync(drop, user).WithTimeout()).Result);
        }
    }

    [Fact]
    public async Task Grab_AcrossTwoSilosSharingRedis_CountsTheUsersDropsTogether()
    {
        // Arrange: 5 s for Redis to answer so a stalled machine does not hand a check to a silo's own counts.
        await using var pair = await RedisSiloPair.StartAsync([.. RuleArgs, "--rate-limit-redis-timeout-ms", "5000"]);
        var roomId = await pair.CreateRoomOnBothAsync();
        var drops = Enumerable.Range(0, 5).Select(_ => NewId("drop")).ToList();
        foreach (var silo in pair.Both)
        {
            foreach (var drop in drops)
            {
                await RedisSiloPair.OpenDropAsync(silo, roomId, drop, quantity: 10, perUserLimit: 1);
            }
        }

        var bot = NewId("bot");

        // Act: drops 0 and 2 on A, drop 1 on B — three distinct drops in all, two on A alone.
        Assert.Equal(ResultCode.Ok, (await pair.A.Shop.GrabAsync(drops[0], bot).WithTimeout()).Result);
        Assert.Equal(ResultCode.Ok, (await pair.B.Shop.GrabAsync(drops[1], bot).WithTimeout()).Result);
        Assert.Equal(ResultCode.Ok, (await pair.A.Shop.GrabAsync(drops[2], bot).WithTimeout()).Result);

        // Assert: the fourth distinct drop is refused on either silo, though each saw at most two.
        await AssertRejectedAsync(StatusCode.ResourceExhausted, RejectionReasons.RapidGrab, () => pair.B.Shop.GrabAsync(drops[3], bot));
        await AssertRejectedAsync(StatusCode.ResourceExhausted, RejectionReasons.RapidGrab, () => pair.A.Shop.GrabAsync(drops[4], bot));
        Assert.Equal(ResultCode.Ok, (await pair.B.Shop.GrabAsync(drops[3], "human").WithTimeout()).Result);
    }
}

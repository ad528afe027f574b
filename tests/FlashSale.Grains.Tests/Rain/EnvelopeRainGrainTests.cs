using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Grains.Tests.Fakes;
using FlashSale.Grains.Tests.Shoppers;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Tests.Rain;

public sealed class EnvelopeRainGrainTests
{
    private static StartEnvelopeRainRequest Request(string rainId = "rain-1", long total = 10_000, int count = 10, int seconds = 60, string password = "", Timestamp? startsAt = null) => new()
    {
        RainId = rainId,
        RoomId = "room-1",
        TotalAmount = total,
        Count = count,
        DurationSeconds = seconds,
        Password = password,
        StartsAt = startsAt,
    };

    private static IEnvelopeRainGrain Rain(GrainTestHost host, string rainId = "rain-1") => host.Grains.GetGrain<IEnvelopeRainGrain>(rainId);

    private static Task<ClaimEnvelopeReply> ClaimAsync(GrainTestHost host, string userId, string password = "", string rainId = "rain-1") =>
        Rain(host, rainId).Claim(new EnvelopeClaim { UserId = userId, Password = password }).WithTimeout();

    [Fact]
    public async Task Claim_EveryEnvelope_SumsExactlyToTotalAndCreditsEachWallet()
    {
        await using var host = await GrainTestHost.StartAsync();
        await Rain(host).Start(Request(total: 10_000, count: 10)).WithTimeout();

        var replies = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => ClaimAsync(host, "u" + i)));

        Assert.All(replies, r => Assert.Equal(ResultCode.Ok, r.Result));
        Assert.Equal(10_000, replies.Sum(r => r.Amount));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(replies[i].Amount, await host.BalanceAsync("u" + i));
        }

        var status = await Rain(host).GetStatus(new Empty()).WithTimeout();
        Assert.Equal((10, 10_000L, EnvelopeRainState.Ended), (status.Claimed, status.ClaimedAmount, status.State));
    }

    [Fact]
    public async Task Claim_MoreUsersThanEnvelopesAtOnce_ClaimedSumNeverExceedsTotal()
    {
        await using var host = await GrainTestHost.StartAsync();
        await Rain(host).Start(Request(total: 5_000, count: 20)).WithTimeout();

        var replies = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => ClaimAsync(host, "u" + i)));

        Assert.Equal(20, replies.Count(r => r.Result == ResultCode.Ok));
        Assert.Equal(40, replies.Count(r => r.Result == ResultCode.EnvelopesGone));
        Assert.Equal(5_000, replies.Where(r => r.Result == ResultCode.Ok).Sum(r => r.Amount));
    }

    [Fact]
    public async Task Claim_SameUserManyTimes_CreditsOnce()
    {
        await using var host = await GrainTestHost.StartAsync();
        await Rain(host).Start(Request(total: 10_000, count: 10)).WithTimeout();

        var replies = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ClaimAsync(host, "alice")));

        Assert.Single(replies, r => r.Result == ResultCode.Ok);
        Assert.Equal(9, replies.Count(r => r.Result == ResultCode.AlreadyClaimed));
        Assert.Single(replies.Select(r => r.Amount).Distinct());
        Assert.Equal(replies[0].Amount, await host.BalanceAsync("alice"));
        var wallet = await host.Wallet("alice").Get(new Empty()).WithTimeout();
        Assert.Equal("rain:rain-1", Assert.Single(wallet.Entries).Reference);
        Assert.Equal(1, (await Rain(host).GetStatus(new Empty()).WithTimeout()).Claimed);
    }

    [Fact]
    public async Task Claim_OutsideWindow_ReturnsNotStartedThenEnded()
    {
        await using var host = await GrainTestHost.StartAsync();
        await Rain(host).Start(Request(seconds: 30, startsAt: Timestamp.FromDateTimeOffset(host.Now.AddMinutes(1)))).WithTimeout();

        var early = await ClaimAsync(host, "alice");
        host.Time.Advance(TimeSpan.FromSeconds(61));
        var inTime = await ClaimAsync(host, "bob");
        host.Time.Advance(TimeSpan.FromSeconds(30));
        var late = await ClaimAsync(host, "carol");

        Assert.Equal((ResultCode.NotStarted, ResultCode.Ok, ResultCode.Ended), (early.Result, inTime.Result, late.Result));
        Assert.Equal(0, await host.BalanceAsync("alice"));
    }

    [Fact]
    public async Task Claim_WithPassword_RequiresTheRightOne()
    {
        await using var host = await GrainTestHost.StartAsync();
        var started = await Rain(host).Start(Request(password: "恭喜发财")).WithTimeout();

        var none = await ClaimAsync(host, "alice");
        var wrong = await ClaimAsync(host, "alice", "恭喜");
        var right = await ClaimAsync(host, "alice", "恭喜发财");

        Assert.True(started.Rain.PasswordRequired);
        Assert.Equal((ResultCode.WrongPassword, ResultCode.WrongPassword, ResultCode.Ok), (none.Result, wrong.Result, right.Result));
        var stored = await host.ReadStateAsync<EnvelopeRainGrainState>("envelope-rain", "rain-1");
        Assert.DoesNotContain("恭喜发财", stored.State!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Again_IsIdempotentAndDifferentParametersAreRefused()
    {
        await using var host = await GrainTestHost.StartAsync();
        var first = await Rain(host).Start(Request(password: "pw")).WithTimeout();

        var same = await Rain(host).Start(Request(password: "pw")).WithTimeout();
        var otherPassword = await Rain(host).Start(Request(password: "other")).WithTimeout();
        var otherTotal = await Rain(host).Start(Request(total: 20_000, password: "pw")).WithTimeout();

        Assert.Equal((ResultCode.Ok, ResultCode.Ok), (first.Result, same.Result));
        Assert.Equal((ResultCode.AlreadyExists, ResultCode.AlreadyExists), (otherPassword.Result, otherTotal.Result));
    }

    [Fact]
    public async Task Claim_UnknownRain_IsNotFound()
    {
        await using var host = await GrainTestHost.StartAsync();
        await Assert.ThrowsAsync<EntityNotFoundException>(() => ClaimAsync(host, "alice", rainId: "nope"));
    }

    [Fact]
    public async Task Watchers_SeeRainStartedAndEndedByReminders()
    {
        await using var host = await GrainTestHost.StartAsync();
        using var events = host.Collect("room-1");
        await Rain(host).Start(Request(seconds: 5, startsAt: Timestamp.FromDateTimeOffset(host.Now.AddSeconds(3)))).WithTimeout();

        var started = await host.AdvanceUntilAsync(events, e => e.RainStarted is not null, TimeSpan.FromSeconds(10));
        var ended = await host.AdvanceUntilAsync(events, e => e.RainEnded is not null, TimeSpan.FromSeconds(20));

        Assert.Equal(("rain-1", 10), (started.RainStarted.Rain.RainId, started.RainStarted.Rain.Count));
        Assert.Equal(EnvelopeRainState.Ended, ended.RainEnded.Rain.State);
    }

    [Fact]
    public async Task Watchers_LastEnvelope_EndsTheRainAtOnce()
    {
        await using var host = await GrainTestHost.StartAsync();
        using var events = host.Collect("room-1");
        await Rain(host).Start(Request(total: 3, count: 3)).WithTimeout();

        await Task.WhenAll(ClaimAsync(host, "a"), ClaimAsync(host, "b"), ClaimAsync(host, "c"));

        var ended = await events.WaitAsync(e => e.RainEnded is not null);
        Assert.Equal((3, 3L), (ended.RainEnded.Rain.Claimed, ended.RainEnded.Rain.ClaimedAmount));
        Assert.NotNull(events.Find(e => e.RainStarted is not null));
    }

    [Fact]
    public async Task Restart_KeepsTheSplitAndTheClaims()
    {
        var stores = TestStores.OutlivingTheSilo();
        var time = new FakeTimeProvider();
        long[] split;
        long aliceAmount;
        await using (var first = await GrainTestHost.StartAsync(time, stores))
        {
            await Rain(first).Start(Request(total: 10_000, count: 10)).WithTimeout();
            aliceAmount = (await ClaimAsync(first, "alice")).Amount;
            split = [.. (await first.ReadStateAsync<EnvelopeRainGrainState>("envelope-rain", "rain-1")).State!.Amounts];
        }

        await using var second = await GrainTestHost.StartAsync(time, stores);
        var again = await ClaimAsync(second, "alice");
        var bob = await ClaimAsync(second, "bob");

        Assert.Equal((ResultCode.AlreadyClaimed, aliceAmount), (again.Result, again.Amount));
        Assert.Equal((ResultCode.Ok, split[1]), (bob.Result, bob.Amount));
        Assert.Equal(split, (await second.ReadStateAsync<EnvelopeRainGrainState>("envelope-rain", "rain-1")).State!.Amounts);
        Assert.Equal(aliceAmount, await second.BalanceAsync("alice"));
    }

    [Fact]
    public async Task Activation_ClaimWithoutCredit_IsCreditedOnce()
    {
        var stores = TestStores.OutlivingTheSilo();
        var time = new FakeTimeProvider();
        await using (var first = await GrainTestHost.StartAsync(time, stores))
        {
            await Rain(first).Start(Request(total: 10_000, count: 10)).WithTimeout();

            // A claim durable in the rain whose wallet credit a crash cut off.
            var state = (await first.ReadStateAsync<EnvelopeRainGrainState>("envelope-rain", "rain-1")).State!;
            state.Claims["alice"] = new EnvelopeClaimRecord { Index = 0, Amount = state.Amounts[0], At = Timestamp.FromDateTimeOffset(time.GetUtcNow()) };
            state.Status.Claimed = 1;
            state.Status.ClaimedAmount = state.Amounts[0];
            await first.WriteStateAsync("envelope-rain", "rain-1", state);
        }

        await using var second = await GrainTestHost.StartAsync(time, stores);
        var status = await Rain(second).GetStatus(new Empty()).WithTimeout();

        Assert.Equal(status.ClaimedAmount, await second.BalanceAsync("alice"));
        Assert.True((await second.ReadStateAsync<EnvelopeRainGrainState>("envelope-rain", "rain-1")).State!.Claims["alice"].Credited);
    }
}

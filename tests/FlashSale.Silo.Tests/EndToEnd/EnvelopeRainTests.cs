using System.Collections.Concurrent;
using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;
using static FlashSale.Silo.Tests.Fixtures.SiloScenario;

namespace FlashSale.Silo.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class EnvelopeRainTests
{
    [Fact]
    public async Task ClaimEnvelope_ManyUsersOnManyConnectionsAtOnce_ClaimsEachEnvelopeOnceAndWalletsHoldExactlyTheTotal()
    {
        // Arrange: 400 users, each claiming twice at once, over 8 connections, for 150 envelopes.
        await using var silo = await TestSilo.StartAsync();
        var roomId = await silo.CreateLiveRoomAsync();
        var rainId = NewId("rain");
        const long Total = 88_888;
        const int Count = 150;
        await using var watch = new RoomWatch(silo.Shop, roomId);
        await watch.ReadyAsync();
        var started = await silo.Admin.StartEnvelopeRainAsync(new StartEnvelopeRainRequest
        {
            RainId = rainId, RoomId = roomId, TotalAmount = Total, Count = Count, DurationSeconds = 120, Password = "发财",
        }).WithTimeout();
        Assert.Equal(ResultCode.Ok, started.Result);
        var shops = Enumerable.Range(0, 8).Select(_ => new ShopClient(silo.CreateChannel())).ToArray();
        var users = Enumerable.Range(0, 400).Select(i => $"rain-u{i}").ToArray();
        var replies = new ConcurrentBag<(string User, ClaimEnvelopeReply Reply)>();

        // Act
        await Task.WhenAll(users.SelectMany((user, i) => Enumerable.Range(0, 2).Select(async attempt =>
        {
            var reply = await shops[(i + attempt) % shops.Length].ClaimEnvelopeAsync(
                new ClaimEnvelopeRequest { RainId = rainId, UserId = user, Password = "发财" });
            replies.Add((user, reply));
        }))).WithTimeout(TimeSpan.FromSeconds(90));

        // Assert: each envelope went to one user, every user at most one, the wallets got exactly the total.
        var ok = replies.Where(r => r.Reply.Result == ResultCode.Ok).ToList();
        Assert.Equal(Count, ok.Count);
        Assert.Equal(Count, ok.Select(r => r.User).Distinct().Count());
        Assert.Equal(Total, ok.Sum(r => r.Reply.Amount));
        Assert.All(replies, r => Assert.Contains(r.Reply.Result, new[] { ResultCode.Ok, ResultCode.AlreadyClaimed, ResultCode.EnvelopesGone }));
        foreach (var (user, reply) in replies.Where(r => r.Reply.Result == ResultCode.AlreadyClaimed))
        {
            Assert.Equal(ok.Single(o => o.User == user).Reply.Amount, reply.Amount);
        }

        var status = await silo.Admin.GetEnvelopeRainStatusAsync(new GetEnvelopeRainStatusRequest { RainId = rainId }).WithTimeout();
        Assert.Equal((Count, Total, EnvelopeRainState.Ended), (status.Claimed, status.ClaimedAmount, status.State));
        var wallets = await Task.WhenAll(users.Select(u => silo.Shop.GetMyWalletAsync(new GetMyWalletRequest { UserId = u }))).WithTimeout();
        Assert.Equal(Total, wallets.Sum(w => w.Balance));
        Assert.All(wallets, w => Assert.True(w.Entries.Count <= 1 && w.Entries.Sum(e => e.Amount) == w.Balance));
        Assert.Equal(rainId, (await watch.WaitAsync(e => e.RainStarted is not null)).RainStarted.Rain.RainId);
        Assert.Equal(Total, (await watch.WaitAsync(e => e.RainEnded is not null)).RainEnded.Rain.ClaimedAmount);
    }

    [Fact]
    public async Task ClaimEnvelope_WrongPasswordOrUnknownRain_IsRefusedAndNotFound()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        var roomId = await silo.CreateLiveRoomAsync();
        await silo.Admin.StartEnvelopeRainAsync(new StartEnvelopeRainRequest
        {
            RainId = "r1", RoomId = roomId, TotalAmount = 100, Count = 10, DurationSeconds = 60, Password = "pw",
        }).WithTimeout();

        var wrong = await silo.Shop.ClaimEnvelopeAsync(new ClaimEnvelopeRequest { RainId = "r1", UserId = "u1", Password = "nope" }).WithTimeout();

        Assert.Equal(ResultCode.WrongPassword, wrong.Result);
        await AssertStatusAsync(StatusCode.NotFound, () => silo.Shop.ClaimEnvelopeAsync(new ClaimEnvelopeRequest { RainId = "r2", UserId = "u1" }));
        await AssertStatusAsync(StatusCode.NotFound, () => silo.Admin.GetEnvelopeRainStatusAsync(new GetEnvelopeRainStatusRequest { RainId = "r2" }));
    }

    [Fact]
    public async Task StartEnvelopeRain_EndedOrUnknownRoom_IsRoomEndedOrNotFound()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        var roomId = await silo.CreateLiveRoomAsync();
        await silo.Admin.EndRoomAsync(new RoomCommand { RoomId = roomId }).WithTimeout();

        var ended = await silo.Admin.StartEnvelopeRainAsync(new StartEnvelopeRainRequest { RainId = "r1", RoomId = roomId, TotalAmount = 100, Count = 10, DurationSeconds = 60 }).WithTimeout();

        Assert.Equal(ResultCode.RoomEnded, ended.Result);
        await AssertStatusAsync(StatusCode.NotFound, () => silo.Admin.StartEnvelopeRainAsync(
            new StartEnvelopeRainRequest { RainId = "r1", RoomId = "no-room", TotalAmount = 100, Count = 10, DurationSeconds = 60 }));
    }
}

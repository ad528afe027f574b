using FlashSale.Api.V1;
using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Kind = FlashSale.Api.V1.RoomEvent.KindOneofCase;

namespace FlashSale.Silo.Tests.Redis;

/// <summary>Room events cross silos through Redis: two in-process silos on one redis-server.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RedisFanOutSiloTests
{
    [Fact]
    public async Task WatchRoom_OnSiloB_ReceivesEventsOfADropOpenedAndGrabbedOnSiloA()
    {
        // Arrange
        await using var pair = await RedisSiloPair.StartAsync();
        var roomId = await pair.CreateRoomOnBothAsync();
        var dropId = SiloScenario.NewId("drop");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var watcher = pair.B.Shop.WatchRoom(roomId, "viewer-on-b", timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.Equal(Kind.Snapshot, (await RedisTestBus.NextAsync(watcher)).KindCase);

        // Act: the drop opens and sells on A only.
        await RedisSiloPair.OpenDropAsync(pair.A, roomId, dropId, quantity: 5, perUserLimit: 1);
        var grab = await pair.A.Shop.GrabAsync(dropId, "buyer-on-a").WithTimeout();
        var seen = await StockSeenAsync(watcher, dropId, reserved: 1);

        // Assert
        Assert.Equal(ResultCode.Ok, grab.Result);
        Assert.All(seen, e => Assert.Equal(roomId, e.RoomId));
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence),
            "sequence not increasing: " + string.Join(", ", seen.Select(e => $"{e.Sequence}:{e.KindCase}")));
        Assert.Equal(4, seen[^1].StockLevel.Remaining);
    }

    /// <summary>Reads the watcher until a stock level of <paramref name="dropId"/> shows
    /// <paramref name="reserved"/> units; returns everything read.</summary>
    internal static async Task<List<RoomEvent>> StockSeenAsync(IAsyncEnumerator<RoomEvent> watcher, string dropId, int reserved)
    {
        var seen = new List<RoomEvent>();
        while (true)
        {
            var next = await RedisTestBus.NextAsync(watcher);
            seen.Add(next);
            if (next.KindCase == Kind.StockLevel && next.StockLevel.DropId == dropId && next.StockLevel.Reserved >= reserved)
            {
                return seen;
            }
        }
    }
}

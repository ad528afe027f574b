using FlashSale.Api.V1;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Kind = FlashSale.Api.V1.RoomEvent.KindOneofCase;

namespace FlashSale.Silo.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class WatchRoomTests
{
    private const int Units = 3;

    [Fact]
    public async Task WatchRoom_DropOpeningInTwoSeconds_StreamsCountdownOpenedStockAndSoldOutInSequence()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync();
        var roomId = await silo.CreateLiveRoomAsync();
        var shop = silo.Shop;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<RoomEvent>();
        string? dropId = null;
        Task<GrabReply[]>? grabs = null;

        // Act: schedule once the snapshot arrived; grab the drop empty once it opened.
        await foreach (var roomEvent in shop.WatchRoom(roomId, "viewer", timeout.Token))
        {
            seen.Add(roomEvent);
            if (roomEvent.KindCase == Kind.Snapshot)
            {
                dropId = await silo.ScheduleDropAsync(roomId, Units, perUserLimit: 1, opensIn: TimeSpan.FromSeconds(4.2));
            }
            else if (roomEvent.KindCase == Kind.Opened && grabs is null)
            {
                var drop = dropId!;
                grabs = Task.WhenAll(Enumerable.Range(0, Units).Select(i => shop.GrabAsync(drop, $"fan-{i}")));
            }
            else if (roomEvent.KindCase == Kind.SoldOut)
            {
                break;
            }
        }

        // Assert
        Assert.NotNull(grabs);
        Assert.All(await grabs.WithTimeout(), r => Assert.Equal(ResultCode.Ok, r.Result));
        Assert.Equal(Kind.Snapshot, seen[0].KindCase);
        var live = seen.Skip(1).ToList();
        Assert.All(live, e => Assert.Equal(roomId, e.RoomId));
        Assert.True(live.Zip(live.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence),
            "sequence not increasing: " + string.Join(", ", live.Select(e => $"{e.Sequence}:{e.KindCase}")));

        var kinds = live.Select(e => e.KindCase).ToList();
        var countdowns = live.Where(e => e.KindCase == Kind.Countdown).ToList();
        Assert.NotEmpty(countdowns);
        Assert.All(countdowns, e => Assert.InRange(e.Countdown.SecondsLeft, 1, 5));
        Assert.Equal(dropId, Assert.Single(live, e => e.KindCase == Kind.Opened).Opened.DropId);
        Assert.Equal(dropId, live[^1].SoldOut.DropId);
        var levels = live.Where(e => e.KindCase == Kind.StockLevel).Select(e => e.StockLevel).ToList();
        Assert.NotEmpty(levels);
        Assert.Equal(0, levels[^1].Remaining);
        Assert.Equal(Units, levels[^1].Reserved);
        Assert.True(kinds.LastIndexOf(Kind.Countdown) < kinds.IndexOf(Kind.Opened), string.Join(", ", kinds));
        Assert.True(kinds.IndexOf(Kind.Opened) < kinds.IndexOf(Kind.StockLevel), string.Join(", ", kinds));
    }
}

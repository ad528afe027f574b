using FlashSale.Api.V1;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Tests.Drop;

public sealed class DropEventsTests
{
    [Fact]
    public async Task Drop_OpeningAndSellingOut_PublishesCountdownOpenedStockAndSoldOut()
    {
        await using var host = await GrainTestHost.StartAsync();
        using var watcher = host.Events.Subscribe("room-1");
        await host.ScheduleDropAsync("d1", quantity: 2, opensIn: TimeSpan.FromSeconds(30));

        await host.AdvanceAsync(TimeSpan.FromSeconds(21));
        var countdown = await GrainTestHost.NextEventAsync(watcher, e => e.Countdown is not null);
        Assert.InRange(countdown.Countdown.SecondsLeft, 1, 10);
        await host.AdvanceAsync(TimeSpan.FromSeconds(10));
        var opened = await GrainTestHost.NextEventAsync(watcher, e => e.Opened is not null);
        Assert.Equal(2, opened.Opened.Remaining);

        await host.GrabAsync("d1", "alice");
        await host.GrabAsync("d1", "bob");

        var zero = await GrainTestHost.NextEventAsync(watcher, e => e.StockLevel is { Remaining: 0 });
        Assert.Equal(2, zero.StockLevel.Reserved);
        var soldOut = await GrainTestHost.NextEventAsync(watcher, e => e.SoldOut is not null);
        Assert.Equal("d1", soldOut.SoldOut.DropId);
        Assert.True(soldOut.Sequence > zero.Sequence);
    }

    [Fact]
    public async Task Grab_ManyAtOneInstant_ThrottlesStockLevelsButPublishesTheLatestLater()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1", quantity: 100);
        using var watcher = host.Events.Subscribe("room-1");

        for (var i = 0; i < 20; i++)
        {
            await host.GrabAsync("d1", $"u{i}");
        }

        var first = await GrainTestHost.NextEventAsync(watcher, e => e.StockLevel is not null);
        Assert.Equal(99, first.StockLevel.Remaining);
        host.Time.Advance(TimeSpan.FromMilliseconds(150));
        var latest = await GrainTestHost.NextEventAsync(watcher, e => e.StockLevel is not null);
        Assert.Equal(80, latest.StockLevel.Remaining);
    }

    [Fact]
    public async Task Close_PublishesDropClosed()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("d1");
        using var watcher = host.Events.Subscribe("room-1");

        await host.Drop("d1").Close(new Empty()).WithTimeout();

        var closed = await GrainTestHost.NextEventAsync(watcher, e => e.DropClosed is not null);
        Assert.Equal("d1", closed.DropClosed.DropId);
    }
}

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
        using var events = host.Collect("room-1");
        await host.ScheduleDropAsync("d1", quantity: 2, opensIn: TimeSpan.FromSeconds(30));

        var countdown = await host.AdvanceUntilAsync(events, e => e.Countdown is not null, TimeSpan.FromSeconds(29));
        Assert.InRange(countdown.Countdown.SecondsLeft, 1, 10);
        Assert.True(host.Now >= countdown.At.ToDateTimeOffset());
        var opened = await host.AdvanceUntilAsync(events, e => e.Opened is not null, TimeSpan.FromSeconds(20));
        Assert.Equal(2, opened.Opened.Remaining);

        await host.GrabAsync("d1", "alice");
        await host.GrabAsync("d1", "bob");

        var zero = await events.WaitAsync(e => e.StockLevel is { Remaining: 0 });
        Assert.Equal(2, zero.StockLevel.Reserved);
        var soldOut = await events.WaitAsync(e => e.SoldOut is not null);
        Assert.Equal("d1", soldOut.SoldOut.DropId);
        Assert.True(soldOut.Sequence > zero.Sequence);
        Assert.True(opened.Sequence > countdown.Sequence);
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

using FlashSale.Api.V1;
using FlashSale.Grains.Events;
using FlashSale.Testing;

namespace FlashSale.Grains.Tests.Events;

public sealed class RoomEventBusTests
{
    private static RoomEvent Stock(string room, int remaining) =>
        new() { RoomId = room, StockLevel = new StockLevel { DropId = "d1", Remaining = remaining } };

    [Fact]
    public async Task Publish_NumbersEventsPerRoomAndDeliversOnlyToThatRoom()
    {
        var bus = new InProcessRoomEventBus(new FakeTimeProvider());
        using var roomA = bus.Subscribe("a");
        using var roomB = bus.Subscribe("b");

        bus.Publish(Stock("a", 3));
        bus.Publish(Stock("b", 9));
        bus.Publish(Stock("a", 2));

        var first = await GrainTestHost.NextEventAsync(roomA, _ => true);
        var second = await GrainTestHost.NextEventAsync(roomA, _ => true);
        var other = await GrainTestHost.NextEventAsync(roomB, _ => true);
        Assert.Equal((1L, 3), (first.Sequence, first.StockLevel.Remaining));
        Assert.Equal((2L, 2), (second.Sequence, second.StockLevel.Remaining));
        Assert.Equal((1L, 9), (other.Sequence, other.StockLevel.Remaining));
    }

    [Fact]
    public async Task Publish_ToSlowWatcher_DropsOldestStockLevelsFirstAndNeverBlocks()
    {
        var bus = new InProcessRoomEventBus(new FakeTimeProvider(), subscriptionCapacity: 4);
        using var slow = bus.Subscribe("a");

        bus.Publish(new RoomEvent { RoomId = "a", Opened = new DropOpened { DropId = "d1" } });
        for (var remaining = 10; remaining >= 1; remaining--)
        {
            bus.Publish(Stock("a", remaining));
        }

        bus.Publish(new RoomEvent { RoomId = "a", SoldOut = new SoldOut { DropId = "d1" } });

        var received = new List<RoomEvent>();
        for (var i = 0; i < 4; i++)
        {
            received.Add(await GrainTestHost.NextEventAsync(slow, _ => true));
        }

        Assert.Equal(RoomEvent.KindOneofCase.Opened, received[0].KindCase);
        Assert.Equal([2, 1], received.Skip(1).Take(2).Select(e => e.StockLevel.Remaining));
        Assert.Equal(RoomEvent.KindOneofCase.SoldOut, received[3].KindCase);
        Assert.Equal(8, slow.Dropped);
    }

    [Fact]
    public async Task Dispose_EndsTheReaderAndUnsubscribes()
    {
        var bus = new InProcessRoomEventBus(new FakeTimeProvider());
        var subscription = bus.Subscribe("a");
        var reading = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var unused in subscription.ReadAllAsync())
            {
                count++;
            }

            return count;
        });

        subscription.Dispose();

        Assert.Equal(0, await reading.WithTimeout());
        Assert.Equal(0, bus.SubscriberCount("a"));
    }
}

using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;

namespace FlashSale.Silo.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class DemoModeTests
{
    private const string DemoRoom = "demo-room";

    [Fact]
    public async Task Start_WithDemo_HasDemoRoomLiveWithADropScheduledAndFundedWallets()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory", Demo = true });

        // Act: seeding runs right after start, so wait for the room to appear.
        var room = await WaitForDemoRoomAsync(silo.Shop, TimeSpan.FromSeconds(15));

        // Assert
        Assert.Equal(RoomState.Live, room.State);
        var drop = Assert.Single(room.Drops);
        Assert.Equal(DropState.Scheduled, drop.State);
        Assert.True(drop.OpensAt.ToDateTimeOffset() > DateTimeOffset.UtcNow, $"demo drop opens at {drop.OpensAt}");
        Assert.True(drop.Quantity > 0 && drop.Remaining == drop.Quantity);
        var rooms = await silo.Shop.ListRoomsAsync().WithTimeout();
        Assert.Contains(rooms.Rooms, r => r.RoomId == DemoRoom);
        Assert.True((await silo.WalletAsync("alice")).Balance > drop.UnitPrice);
    }

    [Fact]
    public async Task Demo_WithShortTimes_CrowdSellsOutTheFirstDropAndTheNextOneIsScheduled()
    {
        // Arrange: opens 1 s after start, open 2 s at most, the next 1 s after a sell-out.
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory", Demo = true, ExtraArgs = FastDemo });

        // Act
        var room = await WaitForDemoDropsAsync(silo.Shop, 2, TimeSpan.FromSeconds(30));

        // Assert: the first sold out by itself (the crowd paid for every unit), then a new one with its own id.
        var first = room.Drops.Single(d => d.DropId == "demo-drop-1");
        var second = room.Drops.Single(d => d.DropId == "demo-drop-2");
        Assert.Contains(first.State, new[] { DropState.SoldOut, DropState.Closed });
        Assert.Equal((first.Quantity, 0, 0), (first.Sold, first.Reserved, first.Remaining));
        Assert.True(second.OpensAt.ToDateTimeOffset() > first.OpensAt.ToDateTimeOffset().AddSeconds(1),
            $"second opens at {second.OpensAt}, first at {first.OpensAt}");
        Assert.Equal(second.Quantity, first.Quantity);
        var firstOrders = await silo.Admin.ListDropOrdersAsync(new ListDropOrdersRequest { DropId = first.DropId }).WithTimeout();
        Assert.All(firstOrders.Orders, o => Assert.Equal(OrderState.Paid, o.State));
        Assert.Equal(first.Quantity, firstOrders.Orders.Select(o => o.UserId).Distinct().Count());
    }

    [Fact]
    public async Task Demo_OnSqlite_RestartGoesOnWithTheNextNumberAndDoesNotCreditTwice()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "sqlite", Demo = true, ExtraArgs = FastDemo });
        var before = await WaitForDemoDropsAsync(silo.Shop, 2, TimeSpan.FromSeconds(30));

        // Act
        await silo.RestartAsync();
        var after = await WaitForDemoDropsAsync(silo.Shop, before.Drops.Count + 1, TimeSpan.FromSeconds(30));

        // Assert: numbering went on (no id reused or skipped), at most one drop is still running,
        // and the seeding on restart did not credit alice again.
        var ids = after.Drops.Select(d => d.DropId).ToList();
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(n => $"demo-drop-{n}"), ids);
        Assert.True(after.Drops.Count(d => d.State is not (DropState.SoldOut or DropState.Closed)) <= 1,
            string.Join(", ", after.Drops.Select(d => $"{d.DropId}:{d.State}")));
        Assert.Equal(RoomState.Live, after.State);
        Assert.Equal(100_000, (await silo.WalletAsync("alice")).Balance);
    }

    private static readonly string[] FastDemo = ["--demo-opens-in", "1", "--demo-interval", "1", "--demo-open-for", "2"];

    private static async Task<RoomStatus> WaitForDemoDropsAsync(ShopClient shop, int drops, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var room = await shop.GetRoomAsync(new GetRoomRequest { RoomId = DemoRoom }).WithTimeout();
                if (room.Drops.Count >= drops)
                {
                    return room;
                }
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.NotFound && DateTime.UtcNow < until)
            {
            }

            Assert.True(DateTime.UtcNow < until, $"the demo room did not reach {drops} drops in time");
            await Task.Delay(100);
        }
    }

    private static async Task<RoomStatus> WaitForDemoRoomAsync(ShopClient shop, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var room = await shop.GetRoomAsync(new GetRoomRequest { RoomId = DemoRoom }).WithTimeout();
                if (room.State == RoomState.Live && room.Drops.Count > 0)
                {
                    return room;
                }
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.NotFound && DateTime.UtcNow < until)
            {
            }

            Assert.True(DateTime.UtcNow < until, "the demo room did not go live with a drop in time");
            await Task.Delay(100);
        }
    }
}

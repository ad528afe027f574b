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

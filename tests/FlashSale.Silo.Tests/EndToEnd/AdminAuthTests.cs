using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;
using static FlashSale.Silo.Tests.Fixtures.SiloScenario;

namespace FlashSale.Silo.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class AdminAuthTests
{
    [Fact]
    public async Task AdminCall_WithoutWithWrongAndWithRightToken_IsUnauthenticatedPermissionDeniedAndOk()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        using var anonymous = FlashSaleChannel.ForAddress(silo.GrpcAddress);
        var noToken = new AdminClient(anonymous);
        var wrongToken = new AdminClient(anonymous, "not-" + silo.AdminToken);
        var rightToken = new AdminClient(anonymous, silo.AdminToken);
        CreateRoomRequest Room(string id) => new() { RoomId = id, Title = "auth" };

        // Act + assert
        var missing = await AssertStatusAsync(StatusCode.Unauthenticated, () => noToken.CreateRoomAsync(Room("room-anon")));
        await AssertStatusAsync(StatusCode.PermissionDenied, () => wrongToken.CreateRoomAsync(Room("room-wrong")));
        await AssertStatusAsync(StatusCode.PermissionDenied, () => wrongToken.GetDropStatusAsync(new GetDropStatusRequest { DropId = "d" }));
        var created = await rightToken.CreateRoomAsync(Room("room-right")).WithTimeout();

        Assert.Contains("authorization", missing.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(ResultCode.Ok, created.Result);
        var shop = new ShopClient(anonymous);
        await AssertStatusAsync(StatusCode.NotFound, () => shop.GetRoomAsync(new GetRoomRequest { RoomId = "room-anon" }));
        await AssertStatusAsync(StatusCode.NotFound, () => shop.GetRoomAsync(new GetRoomRequest { RoomId = "room-wrong" }));
        Assert.Equal(RoomState.Scheduled, (await shop.GetRoomAsync(new GetRoomRequest { RoomId = "room-right" }).WithTimeout()).State);
    }
}

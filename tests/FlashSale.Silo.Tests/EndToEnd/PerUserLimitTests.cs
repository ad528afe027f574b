using FlashSale.Api.V1;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class PerUserLimitTests
{
    [Fact]
    public async Task Grab_UserAtPerUserLimit_IsRefusedWithLimitReachedWhileRetryKeepsOriginalOrder()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync();
        var (_, dropId) = await silo.OpenDropAsync(quantity: 10, perUserLimit: 2);
        var shop = silo.Shop;
        var first = await shop.GrabAsync(dropId, "amy", idempotencyKey: "amy-1").WithTimeout();
        var second = await shop.GrabAsync(dropId, "amy", idempotencyKey: "amy-2").WithTimeout();

        // Act
        var third = await shop.GrabAsync(dropId, "amy", idempotencyKey: "amy-3").WithTimeout();
        var tooMany = await shop.GrabAsync(dropId, "ben", quantity: 3, idempotencyKey: "ben-1").WithTimeout();
        var retry = await shop.GrabAsync(dropId, "amy", idempotencyKey: "amy-1").WithTimeout();

        // Assert
        Assert.Equal(ResultCode.Ok, first.Result);
        Assert.Equal(ResultCode.Ok, second.Result);
        Assert.NotEqual(first.Order.OrderId, second.Order.OrderId);
        Assert.Equal(ResultCode.LimitReached, third.Result);
        Assert.Null(third.Order);
        Assert.Equal(ResultCode.LimitReached, tooMany.Result);
        Assert.Equal(ResultCode.Ok, retry.Result);
        Assert.Equal(first.Order.OrderId, retry.Order.OrderId);

        var status = await silo.DropStatusAsync(dropId);
        Assert.Equal(2, status.Reserved);
        Assert.Equal(8, status.Remaining);
        var mine = await shop.ListMyOrdersAsync(new ListMyOrdersRequest { UserId = "amy" }).WithTimeout();
        Assert.Equal(2, mine.Orders.Count);
    }
}

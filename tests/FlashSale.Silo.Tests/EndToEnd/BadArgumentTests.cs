using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;
using static FlashSale.Silo.Tests.Fixtures.SiloScenario;

namespace FlashSale.Silo.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class BadArgumentTests
{
    [Fact]
    public async Task Grab_WithBadFields_IsInvalidArgumentNamingTheFieldAndSiloKeepsServing()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        var (_, dropId) = await silo.OpenDropAsync(quantity: 5);
        var invoker = silo.Shop.Generated;
        Task<GrabReply> RawGrab(string drop, string user, int quantity, string key) =>
            invoker.GrabAsync(new GrabRequest { DropId = drop, UserId = user, Quantity = quantity, IdempotencyKey = key }).ResponseAsync;

        // Act + assert: the client library would fill an empty key, so these go through the generated client.
        var cases = new (string Field, Func<Task> Call)[]
        {
            ("quantity", () => RawGrab(dropId, "u1", 0, "k")),
            ("quantity", () => RawGrab(dropId, "u1", -1, "k")),
            ("quantity", () => RawGrab(dropId, "u1", 1_001, "k")),
            ("drop_id", () => RawGrab("", "u1", 1, "k")),
            ("user_id", () => RawGrab(dropId, "", 1, "k")),
            ("idempotency_key", () => RawGrab(dropId, "u1", 1, "")),
            ("drop_id", () => RawGrab("no spaces allowed", "u1", 1, "k")),
        };
        foreach (var (field, call) in cases)
        {
            var error = await AssertStatusAsync(StatusCode.InvalidArgument, call);
            Assert.StartsWith(field + " ", error.Status.Detail, StringComparison.Ordinal);
        }

        var after = await silo.Shop.GrabAsync(dropId, "u1").WithTimeout();
        Assert.Equal(ResultCode.Ok, after.Result);
        Assert.Equal(1, (await silo.DropStatusAsync(dropId)).Reserved);
    }

    [Fact]
    public async Task Pay_WithEmptyOrderIdOrKey_IsInvalidArgumentNamingTheField()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        var invoker = silo.Shop.Generated;

        var noOrder = await AssertStatusAsync(StatusCode.InvalidArgument, () =>
            invoker.PayAsync(new PayRequest { OrderId = "", UserId = "u1", IdempotencyKey = "k" }).ResponseAsync);
        var noKey = await AssertStatusAsync(StatusCode.InvalidArgument, () =>
            invoker.PayAsync(new PayRequest { OrderId = "drop-1/1", UserId = "u1", IdempotencyKey = "" }).ResponseAsync);

        Assert.StartsWith("order_id ", noOrder.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("idempotency_key ", noKey.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownDropOrRoom_AcrossShopAndAdmin_IsNotFoundAndSiloKeepsServing()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        var (_, dropId) = await silo.OpenDropAsync(quantity: 5);
        var shop = silo.Shop;
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        // Act + assert
        await AssertStatusAsync(StatusCode.NotFound, () => shop.GetRoomAsync(new GetRoomRequest { RoomId = "no-such-room" }));
        await AssertStatusAsync(StatusCode.NotFound, async () =>
        {
            await foreach (var _ in shop.WatchRoom("no-such-room", "", watching.Token))
            {
                Assert.Fail("an unknown room must not stream events");
            }
        });
        await AssertStatusAsync(StatusCode.NotFound, () => silo.Admin.GetDropStatusAsync(new GetDropStatusRequest { DropId = "no-such-drop" }));
        var after = await shop.GrabAsync(dropId, "still-served").WithTimeout();
        Assert.Equal(ResultCode.Ok, after.Result);
    }

    [Fact]
    public async Task Grab_UnknownDrop_IsNotFound()
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });

        var error = await AssertStatusAsync(StatusCode.NotFound, () => silo.Shop.GrabAsync("no-such-drop", "u1"));

        Assert.Contains("no-such-drop", error.Status.Detail, StringComparison.Ordinal);
    }
}

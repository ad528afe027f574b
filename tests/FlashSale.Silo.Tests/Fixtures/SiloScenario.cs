using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace FlashSale.Silo.Tests.Fixtures;

/// <summary>Operator set-up steps over the real admin API. The silo runs on the system clock, so drops
/// open "now" (a second in the past) or a few seconds ahead; nothing waits long.</summary>
internal static class SiloScenario
{
    public const long UnitPrice = 9_900;

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Creates a room and puts it live.</summary>
    public static async Task<string> CreateLiveRoomAsync(this TestSilo silo, string? roomId = null)
    {
        roomId ??= NewId("room");
        var admin = silo.Admin;
        var created = await admin.CreateRoomAsync(new CreateRoomRequest { RoomId = roomId, Title = "e2e room" }).WithTimeout();
        Assert.Equal(ResultCode.Ok, created.Result);
        var started = await admin.StartRoomAsync(new RoomCommand { RoomId = roomId }).WithTimeout();
        Assert.Equal(ResultCode.Ok, started.Result);
        return roomId;
    }

    /// <summary>Schedules a drop opening after <paramref name="opensIn"/> (negative: already open).</summary>
    public static async Task<string> ScheduleDropAsync(
        this TestSilo silo,
        string roomId,
        int quantity,
        int perUserLimit = 1,
        TimeSpan? opensIn = null,
        int paymentWindowSeconds = 600,
        int bucketCount = 0)
    {
        var dropId = NewId("drop");
        var opensAt = DateTimeOffset.UtcNow + (opensIn ?? TimeSpan.FromSeconds(-1));
        var reply = await silo.Admin.ScheduleDropAsync(new ScheduleDropRequest
        {
            DropId = dropId,
            RoomId = roomId,
            Title = "e2e sneakers",
            UnitPrice = UnitPrice,
            Quantity = quantity,
            PerUserLimit = perUserLimit,
            OpensAt = Timestamp.FromDateTimeOffset(opensAt),
            PaymentWindowSeconds = paymentWindowSeconds,
            BucketCount = bucketCount,
        }).WithTimeout();
        Assert.Equal(ResultCode.Ok, reply.Result);
        return dropId;
    }

    /// <summary>A live room with one drop that is already open.</summary>
    public static async Task<(string RoomId, string DropId)> OpenDropAsync(this TestSilo silo, int quantity, int perUserLimit = 1)
    {
        var roomId = await silo.CreateLiveRoomAsync();
        var dropId = await silo.ScheduleDropAsync(roomId, quantity, perUserLimit);
        return (roomId, dropId);
    }

    public static async Task<WalletReply> CreditAsync(this TestSilo silo, string userId, long amount, string? key = null) =>
        await silo.Admin.CreditWalletAsync(new CreditWalletRequest
        {
            UserId = userId,
            Amount = amount,
            IdempotencyKey = key ?? IdempotencyKeys.New(),
            Reason = "e2e top-up",
        }).WithTimeout();

    public static Task<DropStatus> DropStatusAsync(this TestSilo silo, string dropId) =>
        silo.Admin.GetDropStatusAsync(new GetDropStatusRequest { DropId = dropId }).WithTimeout();

    public static Task<WalletReply> WalletAsync(this TestSilo silo, string userId) =>
        silo.Shop.GetMyWalletAsync(new GetMyWalletRequest { UserId = userId }).WithTimeout();

    /// <summary>Asserts the call fails with <paramref name="code"/> and returns the exception for further checks.</summary>
    public static async Task<RpcException> AssertStatusAsync(StatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call().WithTimeout());
        Assert.True(code == error.StatusCode, $"expected {code}, got {error.StatusCode}: {error.Status.Detail}");
        return error;
    }
}

using FlashSale.Api.V1;

namespace FlashSale.Client;

public sealed partial class ShopClient
{
    /// <summary>Grabs <paramref name="quantity"/> units; a null key gets a fresh one.</summary>
    public Task<GrabReply> GrabAsync(
        string dropId,
        string userId,
        int quantity = 1,
        string? idempotencyKey = null,
        FlashSaleCallOptions? options = null,
        CancellationToken cancellationToken = default) =>
        GrabAsync(
            new GrabRequest { DropId = dropId, UserId = userId, Quantity = quantity, IdempotencyKey = IdempotencyKeys.Ensure(idempotencyKey) },
            options,
            cancellationToken);

    /// <summary>Pays an order, optionally with a coupon; a null key gets a fresh one.</summary>
    public Task<PayReply> PayAsync(
        string orderId,
        string userId,
        string? couponId = null,
        string? idempotencyKey = null,
        FlashSaleCallOptions? options = null,
        CancellationToken cancellationToken = default) =>
        PayAsync(
            new PayRequest { OrderId = orderId, UserId = userId, CouponId = couponId ?? string.Empty, IdempotencyKey = IdempotencyKeys.Ensure(idempotencyKey) },
            options,
            cancellationToken);

    /// <summary>Watches a room as <paramref name="userId"/> (counted as a viewer).</summary>
    public IAsyncEnumerable<RoomEvent> WatchRoom(string roomId, string userId = "", CancellationToken cancellationToken = default) =>
        WatchRoom(new WatchRoomRequest { RoomId = roomId, UserId = userId }, null, cancellationToken);
}

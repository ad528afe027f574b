using FlashSale.Api.V1;

namespace FlashSale.Client;

public sealed partial class AdminClient
{
    /// <summary>A room's status.</summary>
    public Task<RoomStatus> GetRoomStatusAsync(GetRoomStatusRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(AdminMethods.GetRoomStatus, request, WithAuth(options), cancellationToken);

    /// <summary>A drop's status: sold, reserved, remaining.</summary>
    public Task<DropStatus> GetDropStatusAsync(GetDropStatusRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(AdminMethods.GetDropStatus, request, WithAuth(options), cancellationToken);

    /// <summary>A coupon pool's status.</summary>
    public Task<CouponPoolStatus> GetCouponPoolStatusAsync(GetCouponPoolStatusRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(AdminMethods.GetCouponPoolStatus, request, WithAuth(options), cancellationToken);

    /// <summary>Every order of a drop (audits and invariant checks).</summary>
    public Task<ListDropOrdersReply> ListDropOrdersAsync(ListDropOrdersRequest request, CallOptions? options = null, CancellationToken cancellationToken = default) =>
        _invoker.UnaryAsync(AdminMethods.ListDropOrders, request, WithAuth(options), cancellationToken);
}

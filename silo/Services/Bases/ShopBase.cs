using FlashSale.Api.V1;
using FlashSale.Silo.Protocol;

namespace FlashSale.Silo.Services.Bases;

/// <summary>
/// Base of the public shopper service <c>flashsale.v1.Shop</c> (protos/flashsale/v1/shop.proto).
/// Written by hand in the shape of grpc-dotnet's generated base: override the methods you
/// serve; the rest answer UNIMPLEMENTED.
/// </summary>
[BindServiceMethod(typeof(ShopBase), nameof(BindService))]
public abstract class ShopBase
{
    /// <summary>The fully qualified service name.</summary>
    public const string ServiceName = "flashsale.v1.Shop";

    /// <summary>Unary <c>ListRooms</c>.</summary>
    public virtual Task<ListRoomsReply> ListRooms(ListRoomsRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(ListRooms));

    /// <summary>Unary <c>GetRoom</c>.</summary>
    public virtual Task<RoomStatus> GetRoom(GetRoomRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(GetRoom));

    /// <summary>Server-streaming <c>WatchRoom</c>.</summary>
    public virtual Task WatchRoom(WatchRoomRequest request, IServerStreamWriter<RoomEvent> responseStream, ServerCallContext context) =>
        throw Unimplemented(nameof(WatchRoom));

    /// <summary>Unary <c>Grab</c>.</summary>
    public virtual Task<GrabReply> Grab(GrabRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(Grab));

    /// <summary>Unary <c>Pay</c>.</summary>
    public virtual Task<PayReply> Pay(PayRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(Pay));

    /// <summary>Unary <c>CancelOrder</c>.</summary>
    public virtual Task<CancelOrderReply> CancelOrder(CancelOrderRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(CancelOrder));

    /// <summary>Unary <c>ClaimCoupon</c>.</summary>
    public virtual Task<ClaimCouponReply> ClaimCoupon(ClaimCouponRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(ClaimCoupon));

    /// <summary>Unary <c>ListMyOrders</c>.</summary>
    public virtual Task<ListMyOrdersReply> ListMyOrders(ListMyOrdersRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(ListMyOrders));

    /// <summary>Unary <c>GetMyWallet</c>.</summary>
    public virtual Task<WalletReply> GetMyWallet(GetMyWalletRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(GetMyWallet));

    /// <summary>Binds every method of <paramref name="service"/> to <paramref name="binder"/>.</summary>
    public static void BindService(ServiceBinder binder, ShopBase service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        ArgumentNullException.ThrowIfNull(service);
        binder.AddUnaryMethod<ListRoomsRequest, ListRoomsReply>(ServiceName, nameof(ListRooms), ListRoomsRequest.Parser, service.ListRooms);
        binder.AddUnaryMethod<GetRoomRequest, RoomStatus>(ServiceName, nameof(GetRoom), GetRoomRequest.Parser, service.GetRoom);
        binder.AddServerStreamingMethod<WatchRoomRequest, RoomEvent>(ServiceName, nameof(WatchRoom), WatchRoomRequest.Parser, service.WatchRoom);
        binder.AddUnaryMethod<GrabRequest, GrabReply>(ServiceName, nameof(Grab), GrabRequest.Parser, service.Grab);
        binder.AddUnaryMethod<PayRequest, PayReply>(ServiceName, nameof(Pay), PayRequest.Parser, service.Pay);
        binder.AddUnaryMethod<CancelOrderRequest, CancelOrderReply>(ServiceName, nameof(CancelOrder), CancelOrderRequest.Parser, service.CancelOrder);
        binder.AddUnaryMethod<ClaimCouponRequest, ClaimCouponReply>(ServiceName, nameof(ClaimCoupon), ClaimCouponRequest.Parser, service.ClaimCoupon);
        binder.AddUnaryMethod<ListMyOrdersRequest, ListMyOrdersReply>(ServiceName, nameof(ListMyOrders), ListMyOrdersRequest.Parser, service.ListMyOrders);
        binder.AddUnaryMethod<GetMyWalletRequest, WalletReply>(ServiceName, nameof(GetMyWallet), GetMyWalletRequest.Parser, service.GetMyWallet);
    }

    private static RpcException Unimplemented(string method) =>
        new(new Status(StatusCode.Unimplemented, $"Method {ServiceName}/{method} is unimplemented."));
}

using FlashSale.Api.V1;

namespace FlashSale.Client;

/// <summary>Descriptors of <c>flashsale.v1.Shop</c>'s methods.</summary>
public static class ShopMethods
{
    /// <summary>The service name.</summary>
    public const string ServiceName = "flashsale.v1.Shop";

    /// <summary>ListRooms.</summary>
    public static readonly Method<ListRoomsRequest, ListRoomsReply> ListRooms = new(MethodType.Unary, ServiceName, "ListRooms", ListRoomsReply.Parser);

    /// <summary>GetRoom.</summary>
    public static readonly Method<GetRoomRequest, RoomStatus> GetRoom = new(MethodType.Unary, ServiceName, "GetRoom", RoomStatus.Parser);

    /// <summary>WatchRoom (server streaming).</summary>
    public static readonly Method<WatchRoomRequest, RoomEvent> WatchRoom = new(MethodType.ServerStreaming, ServiceName, "WatchRoom", RoomEvent.Parser);

    /// <summary>Grab.</summary>
    public static readonly Method<GrabRequest, GrabReply> Grab = new(MethodType.Unary, ServiceName, "Grab", GrabReply.Parser);

    /// <summary>Pay.</summary>
    public static readonly Method<PayRequest, PayReply> Pay = new(MethodType.Unary, ServiceName, "Pay", PayReply.Parser);

    /// <summary>CancelOrder.</summary>
    public static readonly Method<CancelOrderRequest, CancelOrderReply> CancelOrder = new(MethodType.Unary, ServiceName, "CancelOrder", CancelOrderReply.Parser);

    /// <summary>ClaimCoupon.</summary>
    public static readonly Method<ClaimCouponRequest, ClaimCouponReply> ClaimCoupon = new(MethodType.Unary, ServiceName, "ClaimCoupon", ClaimCouponReply.Parser);

    /// <summary>ListMyOrders.</summary>
    public static readonly Method<ListMyOrdersRequest, ListMyOrdersReply> ListMyOrders = new(MethodType.Unary, ServiceName, "ListMyOrders", ListMyOrdersReply.Parser);

    /// <summary>GetMyWallet.</summary>
    public static readonly Method<GetMyWalletRequest, WalletReply> GetMyWallet = new(MethodType.Unary, ServiceName, "GetMyWallet", WalletReply.Parser);
}

using FlashSale.Api.V1;

namespace FlashSale.Client;

/// <summary>Descriptors of <c>flashsale.v1.Admin</c>'s methods.</summary>
public static class AdminMethods
{
    /// <summary>The service name.</summary>
    public const string ServiceName = "flashsale.v1.Admin";

    /// <summary>CreateRoom.</summary>
    public static readonly Method<CreateRoomRequest, CreateRoomReply> CreateRoom = new(MethodType.Unary, ServiceName, "CreateRoom", CreateRoomReply.Parser);

    /// <summary>StartRoom.</summary>
    public static readonly Method<RoomCommand, RoomCommandReply> StartRoom = new(MethodType.Unary, ServiceName, "StartRoom", RoomCommandReply.Parser);

    /// <summary>EndRoom.</summary>
    public static readonly Method<RoomCommand, RoomCommandReply> EndRoom = new(MethodType.Unary, ServiceName, "EndRoom", RoomCommandReply.Parser);

    /// <summary>ScheduleDrop.</summary>
    public static readonly Method<ScheduleDropRequest, ScheduleDropReply> ScheduleDrop = new(MethodType.Unary, ServiceName, "ScheduleDrop", ScheduleDropReply.Parser);

    /// <summary>CreateCouponPool.</summary>
    public static readonly Method<CreateCouponPoolRequest, CreateCouponPoolReply> CreateCouponPool = new(MethodType.Unary, ServiceName, "CreateCouponPool", CreateCouponPoolReply.Parser);

    /// <summary>CreditWallet.</summary>
    public static readonly Method<CreditWalletRequest, WalletReply> CreditWallet = new(MethodType.Unary, ServiceName, "CreditWallet", WalletReply.Parser);

    /// <summary>SetMemberTier.</summary>
    public static readonly Method<SetMemberTierRequest, SetMemberTierReply> SetMemberTier = new(MethodType.Unary, ServiceName, "SetMemberTier", SetMemberTierReply.Parser);

    /// <summary>RefundOrder.</summary>
    public static readonly Method<RefundOrderRequest, RefundOrderReply> RefundOrder = new(MethodType.Unary, ServiceName, "RefundOrder", RefundOrderReply.Parser);

    /// <summary>GetRoomStatus.</summary>
    public static readonly Method<GetRoomStatusRequest, RoomStatus> GetRoomStatus = new(MethodType.Unary, ServiceName, "GetRoomStatus", RoomStatus.Parser);

    /// <summary>GetDropStatus.</summary>
    public static readonly Method<GetDropStatusRequest, DropStatus> GetDropStatus = new(MethodType.Unary, ServiceName, "GetDropStatus", DropStatus.Parser);

    /// <summary>GetCouponPoolStatus.</summary>
    public static readonly Method<GetCouponPoolStatusRequest, CouponPoolStatus> GetCouponPoolStatus = new(MethodType.Unary, ServiceName, "GetCouponPoolStatus", CouponPoolStatus.Parser);

    /// <summary>ListDropOrders.</summary>
    public static readonly Method<ListDropOrdersRequest, ListDropOrdersReply> ListDropOrders = new(MethodType.Unary, ServiceName, "ListDropOrders", ListDropOrdersReply.Parser);
}

using FlashSale.Api.V1;
using FlashSale.Silo.Protocol;

namespace FlashSale.Silo.Services.Bases;

/// <summary>
/// Base of the operator service <c>flashsale.v1.Admin</c> (protos/flashsale/v1/admin.proto).
/// Written by hand in the shape of grpc-dotnet's generated base: override the methods you
/// serve; the rest answer UNIMPLEMENTED.
/// </summary>
[BindServiceMethod(typeof(AdminBase), nameof(BindService))]
public abstract class AdminBase
{
    /// <summary>The fully qualified service name.</summary>
    public const string ServiceName = "flashsale.v1.Admin";

    /// <summary>Unary <c>CreateRoom</c>.</summary>
    public virtual Task<CreateRoomReply> CreateRoom(CreateRoomRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(CreateRoom));

    /// <summary>Unary <c>StartRoom</c>.</summary>
    public virtual Task<RoomCommandReply> StartRoom(RoomCommand request, ServerCallContext context) =>
        throw Unimplemented(nameof(StartRoom));

    /// <summary>Unary <c>EndRoom</c>.</summary>
    public virtual Task<RoomCommandReply> EndRoom(RoomCommand request, ServerCallContext context) =>
        throw Unimplemented(nameof(EndRoom));

    /// <summary>Unary <c>ScheduleDrop</c>.</summary>
    public virtual Task<ScheduleDropReply> ScheduleDrop(ScheduleDropRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(ScheduleDrop));

    /// <summary>Unary <c>CreateCouponPool</c>.</summary>
    public virtual Task<CreateCouponPoolReply> CreateCouponPool(CreateCouponPoolRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(CreateCouponPool));

    /// <summary>Unary <c>CreditWallet</c>.</summary>
    public virtual Task<WalletReply> CreditWallet(CreditWalletRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(CreditWallet));

    /// <summary>Unary <c>SetMemberTier</c>.</summary>
    public virtual Task<SetMemberTierReply> SetMemberTier(SetMemberTierRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(SetMemberTier));

    /// <summary>Unary <c>RefundOrder</c>.</summary>
    public virtual Task<RefundOrderReply> RefundOrder(RefundOrderRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(RefundOrder));

    /// <summary>Unary <c>GetRoomStatus</c>.</summary>
    public virtual Task<RoomStatus> GetRoomStatus(GetRoomStatusRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(GetRoomStatus));

    /// <summary>Unary <c>GetDropStatus</c>.</summary>
    public virtual Task<DropStatus> GetDropStatus(GetDropStatusRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(GetDropStatus));

    /// <summary>Unary <c>GetCouponPoolStatus</c>.</summary>
    public virtual Task<CouponPoolStatus> GetCouponPoolStatus(GetCouponPoolStatusRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(GetCouponPoolStatus));

    /// <summary>Unary <c>ListDropOrders</c>.</summary>
    public virtual Task<ListDropOrdersReply> ListDropOrders(ListDropOrdersRequest request, ServerCallContext context) =>
        throw Unimplemented(nameof(ListDropOrders));

    /// <summary>Binds every method of <paramref name="service"/> to <paramref name="binder"/>.</summary>
    public static void BindService(ServiceBinder binder, AdminBase service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        ArgumentNullException.ThrowIfNull(service);
        binder.AddUnaryMethod<CreateRoomRequest, CreateRoomReply>(ServiceName, nameof(CreateRoom), CreateRoomRequest.Parser, service.CreateRoom);
        binder.AddUnaryMethod<RoomCommand, RoomCommandReply>(ServiceName, nameof(StartRoom), RoomCommand.Parser, service.StartRoom);
        binder.AddUnaryMethod<RoomCommand, RoomCommandReply>(ServiceName, nameof(EndRoom), RoomCommand.Parser, service.EndRoom);
        binder.AddUnaryMethod<ScheduleDropRequest, ScheduleDropReply>(ServiceName, nameof(ScheduleDrop), ScheduleDropRequest.Parser, service.ScheduleDrop);
        binder.AddUnaryMethod<CreateCouponPoolRequest, CreateCouponPoolReply>(ServiceName, nameof(CreateCouponPool), CreateCouponPoolRequest.Parser, service.CreateCouponPool);
        binder.AddUnaryMethod<CreditWalletRequest, WalletReply>(ServiceName, nameof(CreditWallet), CreditWalletRequest.Parser, service.CreditWallet);
        binder.AddUnaryMethod<SetMemberTierRequest, SetMemberTierReply>(ServiceName, nameof(SetMemberTier), SetMemberTierRequest.Parser, service.SetMemberTier);
        binder.AddUnaryMethod<RefundOrderRequest, RefundOrderReply>(ServiceName, nameof(RefundOrder), RefundOrderRequest.Parser, service.RefundOrder);
        binder.AddUnaryMethod<GetRoomStatusRequest, RoomStatus>(ServiceName, nameof(GetRoomStatus), GetRoomStatusRequest.Parser, service.GetRoomStatus);
        binder.AddUnaryMethod<GetDropStatusRequest, DropStatus>(ServiceName, nameof(GetDropStatus), GetDropStatusRequest.Parser, service.GetDropStatus);
        binder.AddUnaryMethod<GetCouponPoolStatusRequest, CouponPoolStatus>(ServiceName, nameof(GetCouponPoolStatus), GetCouponPoolStatusRequest.Parser, service.GetCouponPoolStatus);
        binder.AddUnaryMethod<ListDropOrdersRequest, ListDropOrdersReply>(ServiceName, nameof(ListDropOrders), ListDropOrdersRequest.Parser, service.ListDropOrders);
    }

    private static RpcException Unimplemented(string method) =>
        new(new Status(StatusCode.Unimplemented, $"Method {ServiceName}/{method} is unimplemented."));
}

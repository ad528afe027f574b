using FlashSale.Api.V1;
using FlashSale.Grains;
using FlashSale.Grains.Events;
using Grpc.Core;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Silo.Services;

/// <summary>The public shopper API: checks arguments, then hands each call to the grain that owns
/// it. A user's own calls go through their shopper grain, so drops stay the only hot spots; a grab
/// goes straight to its drop (see <see cref="Grabs"/>).</summary>
public sealed partial class ShopService(IGrainFactory grains, IRoomEventBus events, IHostApplicationLifetime lifetime) : Shop.ShopBase
{
    private static readonly Empty NoArgument = new();

    public override async Task<ListRoomsReply> ListRooms(ListRoomsRequest request, ServerCallContext context)
    {
        var directory = grains.Resolve<IRoomDirectoryGrain>(RoomDirectory.Key);
        var list = await directory.List(NoArgument, context.CancellationToken);
        var statuses = await Task.WhenAll(list.RoomIds.Select(id =>
            grains.Resolve<ILiveRoomGrain>(id).GetStatus(NoArgument, context.CancellationToken)));
        var reply = new ListRoomsReply();
        reply.Rooms.AddRange(statuses.Where(s => s.State != RoomState.Unspecified));
        return reply;
    }

    public override async Task<RoomStatus> GetRoom(GetRoomRequest request, ServerCallContext context)
    {
        Validate.Id(request.RoomId, "room_id");
        return await RoomStatusOrNotFound(grains, request.RoomId, context.CancellationToken);
    }

    public override async Task<GrabReply> Grab(GrabRequest request, ServerCallContext context)
    {
        Validate.Id(request.DropId, "drop_id");
        Validate.Id(request.UserId, "user_id");
        Validate.Range(request.Quantity, 1, Validate.MaxGrabQuantity, "quantity");
        Validate.Key(request.IdempotencyKey);
        return await Grabs.GrabAsync(grains, request, context.CancellationToken);
    }

    public override async Task<PayReply> Pay(PayRequest request, ServerCallContext context)
    {
        Validate.OrderId(request.OrderId, "order_id");
        Validate.Id(request.UserId, "user_id");
        if (request.CouponId.Length > 0)
        {
            Validate.Text(request.CouponId, 2 * Validate.MaxIdLength + 1, "coupon_id");
        }

        Validate.Key(request.IdempotencyKey);
        return await grains.Resolve<IShopperGrain>(request.UserId).Pay(request, context.CancellationToken);
    }

    public override async Task<CancelOrderReply> CancelOrder(CancelOrderRequest request, ServerCallContext context)
    {
        Validate.OrderId(request.OrderId, "order_id");
        Validate.Id(request.UserId, "user_id");
        Validate.Key(request.IdempotencyKey);
        return await grains.Resolve<IShopperGrain>(request.UserId).Cancel(request, context.CancellationToken);
    }

    public override async Task<ClaimCouponReply> ClaimCoupon(ClaimCouponRequest request, ServerCallContext context)
    {
        Validate.Id(request.PoolId, "pool_id");
        Validate.Id(request.UserId, "user_id");
        Validate.Key(request.IdempotencyKey);
        return await grains.Resolve<IShopperGrain>(request.UserId).ClaimCoupon(request, context.CancellationToken);
    }

    public override Task<ListMyOrdersReply> ListMyOrders(ListMyOrdersRequest request, ServerCallContext context)
    {
        Validate.Id(request.UserId, "user_id");
        return grains.Resolve<IShopperGrain>(request.UserId).ListOrders(NoArgument, context.CancellationToken);
    }

    public override Task<WalletReply> GetMyWallet(GetMyWalletRequest request, ServerCallContext context)
    {
        Validate.Id(request.UserId, "user_id");
        return grains.Resolve<IShopperGrain>(request.UserId).GetWallet(NoArgument, context.CancellationToken);
    }

    internal static async Task<RoomStatus> RoomStatusOrNotFound(IGrainFactory grains, string roomId, CancellationToken cancellationToken)
    {
        var status = await grains.Resolve<ILiveRoomGrain>(roomId).GetStatus(NoArgument, cancellationToken);
        return status.State == RoomState.Unspecified
            ? throw new RpcException(new Status(StatusCode.NotFound, $"room '{roomId}' not found"))
            : status;
    }
}

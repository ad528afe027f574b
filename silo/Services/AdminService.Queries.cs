using FlashSale.Api.V1;
using FlashSale.Grains;
using FlashSale.Grains.Protos;
using Grpc.Core;

namespace FlashSale.Silo.Services;

public sealed partial class AdminService
{
    public override async Task<RefundOrderReply> RefundOrder(RefundOrderRequest request, ServerCallContext context)
    {
        var owner = Validate.OrderId(request.OrderId, "order_id");
        Validate.Key(request.IdempotencyKey);
        Validate.Text(request.Reason, 200, "reason");
        var found = await DropBuckets.Grain(grains, owner)
            .GetOrder(new OrderRef { OrderId = request.OrderId }, context.CancellationToken);
        if (found.Order is null)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"order '{request.OrderId}' not found"));
        }

        return await grains.Resolve<IShopperGrain>(found.Order.UserId).Refund(request, context.CancellationToken);
    }

    public override async Task<RoomStatus> GetRoomStatus(GetRoomStatusRequest request, ServerCallContext context)
    {
        Validate.Id(request.RoomId, "room_id");
        return await ShopService.RoomStatusOrNotFound(grains, request.RoomId, context.CancellationToken);
    }

    public override async Task<DropStatus> GetDropStatus(GetDropStatusRequest request, ServerCallContext context)
    {
        Validate.Id(request.DropId, "drop_id");
        var status = await grains.Resolve<IDropGrain>(request.DropId).GetStatus(NoArgument, context.CancellationToken);
        return status.State == DropState.Unspecified
            ? throw new RpcException(new Status(StatusCode.NotFound, $"drop '{request.DropId}' not found"))
            : status;
    }

    public override async Task<CouponPoolStatus> GetCouponPoolStatus(GetCouponPoolStatusRequest request, ServerCallContext context)
    {
        Validate.Id(request.PoolId, "pool_id");
        var status = await grains.Resolve<ICouponPoolGrain>(request.PoolId).GetStatus(NoArgument, context.CancellationToken);
        return status.Kind == CouponKind.Unspecified
            ? throw new RpcException(new Status(StatusCode.NotFound, $"coupon pool '{request.PoolId}' not found"))
            : status;
    }

    public override async Task<ListDropOrdersReply> ListDropOrders(ListDropOrdersRequest request, ServerCallContext context)
    {
        Validate.Id(request.DropId, "drop_id");
        if (request.PageSize < 0)
        {
            throw Validate.Invalid("page_size", $"must not be negative (0 means the default, {DropOrderPages.DefaultPageSize})");
        }

        // Checked here rather than left to the grain: its ArgumentException would reach the caller as INTERNAL.
        if (!DropOrderPages.TryReadToken(request.PageToken, request.DropId, out _, out _))
        {
            throw Validate.Invalid("page_token", "is not a next_page_token from an earlier ListDropOrders reply for this drop_id");
        }

        await GetDropStatus(new GetDropStatusRequest { DropId = request.DropId }, context);
        return await grains.Resolve<IDropGrain>(request.DropId).ListOrders(request, context.CancellationToken);
    }
}

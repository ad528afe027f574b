using FlashSale.Api.V1;
using FlashSale.Grains;
using FlashSale.Grains.Protos;
using Grpc.Core;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Silo.Services;

/// <summary>The operator API. Every call must carry the admin bearer token (checked before the
/// method runs by <see cref="Interceptors.AdminAuthInterceptor"/>).</summary>
public sealed partial class AdminService(IGrainFactory grains) : Admin.AdminBase
{
    private static readonly Empty NoArgument = new();

    public override async Task<CreateRoomReply> CreateRoom(CreateRoomRequest request, ServerCallContext context)
    {
        Validate.Id(request.RoomId, "room_id");
        Validate.Text(request.Title, 200, "title", required: true);
        Validate.Timestamp(request.StartsAt, "starts_at");
        var reply = await grains.Resolve<ILiveRoomGrain>(request.RoomId).Create(request, context.CancellationToken);
        if (reply.Result == ResultCode.Ok)
        {
            await grains.Resolve<IRoomDirectoryGrain>(RoomDirectory.Key)
                .Register(new RoomRef { RoomId = request.RoomId }, context.CancellationToken);
        }

        return reply;
    }

    public override async Task<RoomCommandReply> StartRoom(RoomCommand request, ServerCallContext context)
    {
        Validate.Id(request.RoomId, "room_id");
        await ShopService.RoomStatusOrNotFound(grains, request.RoomId, context.CancellationToken);
        return await grains.Resolve<ILiveRoomGrain>(request.RoomId).Start(NoArgument, context.CancellationToken);
    }

    public override async Task<RoomCommandReply> EndRoom(RoomCommand request, ServerCallContext context)
    {
        Validate.Id(request.RoomId, "room_id");
        await ShopService.RoomStatusOrNotFound(grains, request.RoomId, context.CancellationToken);
        return await grains.Resolve<ILiveRoomGrain>(request.RoomId).End(NoArgument, context.CancellationToken);
    }

    public override async Task<ScheduleDropReply> ScheduleDrop(ScheduleDropRequest request, ServerCallContext context)
    {
        Validate.Id(request.DropId, "drop_id");
        Validate.Id(request.RoomId, "room_id");
        Validate.Text(request.Title, 200, "title", required: true);
        Validate.Range(request.UnitPrice, 1, Validate.MaxMoney, "unit_price");
        Validate.Range(request.Quantity, 1, 10_000_000, "quantity");
        Validate.Range(request.PerUserLimit, 1, 1_000, "per_user_limit");
        Validate.Required(request.OpensAt, "opens_at");
        Validate.Timestamp(request.ClosesAt, "closes_at");
        Validate.Before(request.OpensAt, request.ClosesAt, "closes_at", "opens_at");
        Validate.Timestamp(request.EarlyAccessAt, "early_access_at");
        Validate.Before(request.EarlyAccessAt, request.OpensAt, "opens_at", "early_access_at");
        Validate.Range(request.EarlyAccessMinTier, request.EarlyAccessAt is null ? 0 : 1, request.EarlyAccessAt is null ? 0 : 100, "early_access_min_tier");
        if (request.PaymentWindowSeconds != 0)
        {
            Validate.Range(request.PaymentWindowSeconds, 10, 86_400, "payment_window_seconds");
        }

        // 0 (unset) means 1: the whole drop in one grain.
        Validate.Range(request.BucketCount, 0, DropBuckets.MaxBuckets, "bucket_count");

        await ShopService.RoomStatusOrNotFound(grains, request.RoomId, context.CancellationToken);
        return await grains.Resolve<ILiveRoomGrain>(request.RoomId).AddDrop(request, context.CancellationToken);
    }

    public override Task<CreateCouponPoolReply> CreateCouponPool(CreateCouponPoolRequest request, ServerCallContext context)
    {
        Validate.Id(request.PoolId, "pool_id");
        Validate.Range(request.Total, 1, 10_000_000, "total");
        switch (request.Kind)
        {
            case CouponKind.ThresholdOff:
                Validate.Range(request.AmountOff, 1, Validate.MaxMoney, "amount_off");
                Validate.Range(request.Threshold, request.AmountOff, Validate.MaxMoney, "threshold");
                break;
            case CouponKind.AmountOff:
                Validate.Range(request.AmountOff, 1, Validate.MaxMoney, "amount_off");
                break;
            case CouponKind.PercentOff:
                Validate.Range(request.PercentOff, 1, 99, "percent_off");
                break;
            default:
                throw Validate.Invalid("kind", "must be THRESHOLD_OFF, AMOUNT_OFF or PERCENT_OFF");
        }

        Validate.Timestamp(request.ValidFrom, "valid_from");
        Validate.Timestamp(request.ValidUntil, "valid_until");
        Validate.Before(request.ValidFrom, request.ValidUntil, "valid_until", "valid_from");
        return grains.Resolve<ICouponPoolGrain>(request.PoolId).Create(request, context.CancellationToken);
    }

    public override Task<WalletReply> CreditWallet(CreditWalletRequest request, ServerCallContext context)
    {
        Validate.Id(request.UserId, "user_id");
        Validate.Range(request.Amount, 1, Validate.MaxMoney, "amount");
        Validate.Key(request.IdempotencyKey);
        Validate.Text(request.Reason, 200, "reason");
        return grains.Resolve<IWalletGrain>(request.UserId).Credit(request, context.CancellationToken);
    }

    public override Task<SetMemberTierReply> SetMemberTier(SetMemberTierRequest request, ServerCallContext context)
    {
        Validate.Id(request.UserId, "user_id");
        Validate.Range(request.Tier, 0, 100, "tier");
        return grains.Resolve<IShopperGrain>(request.UserId).SetTier(request, context.CancellationToken);
    }
}

using FlashSale.Api.V1;
using FlashSale.Grains.Common;
using FlashSale.Storage;
using FlashSale.Storage.Domain;
using FlashSale.Grains.Drop;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace FlashSale.Grains.Shoppers;

/// <summary>One shopper's calls, serialized per user. It keeps what only the user needs (tier,
/// claimed pools, payment sagas); the user's orders are the drops' order rows, read by user id, so
/// a grab costs the drop's write only.</summary>
[GrainType("shopper")]
internal sealed partial class ShopperGrain([PersistentState("state", FlashSaleStorage.ProviderName)] IPersistentState<ShopperGrainState> state, IDropStore orders, TimeProvider time, ILogger<ShopperGrain> logger)
    : StatefulGrain<ShopperGrainState>(state, time), IShopperGrain
{
    private const int ListedOrders = 100;

    private string UserId => GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ResumePaymentsAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The next Pay call resumes them again; activation itself must not fail for this.
            ShopperLog.ResumeFailed(logger, UserId, exception);
        }
    }

    // A pass-through that adds the tier: the order is durable once the drop wrote its row, and
    // ListOrders finds it there, so the shopper writes nothing on the hot path.
    public Task<GrabReply> Grab(GrabRequest request, CancellationToken cancellationToken = default) =>
        GrainFactory.Resolve<IDropGrain>(request.DropId).Grab(
            new DropGrab
            {
                UserId = UserId,
                Quantity = request.Quantity,
                IdempotencyKey = request.IdempotencyKey,
                MemberTier = State.Tier,
            },
            cancellationToken);

    public async Task<SetMemberTierReply> SetTier(SetMemberTierRequest request, CancellationToken cancellationToken = default)
    {
        if (State.Tier != request.Tier)
        {
            State.Tier = request.Tier;
            await PersistAsync(cancellationToken);
        }

        return new SetMemberTierReply { Result = ResultCode.Ok, Tier = State.Tier };
    }

    public async Task<ClaimCouponReply> ClaimCoupon(ClaimCouponRequest request, CancellationToken cancellationToken = default)
    {
        var reply = await GrainFactory.Resolve<ICouponPoolGrain>(request.PoolId)
            .Claim(new CouponClaim { UserId = UserId }, cancellationToken);
        if ((reply.Result is ResultCode.Ok or ResultCode.AlreadyClaimed) && !State.PoolIds.Contains(request.PoolId))
        {
            State.PoolIds.Add(request.PoolId);
            await PersistAsync(cancellationToken);
        }

        return reply;
    }

    public async Task<CouponList> ListCoupons(Empty request, CancellationToken cancellationToken = default)
    {
        var replies = await Task.WhenAll(State.PoolIds.Select(pool =>
            GrainFactory.Resolve<ICouponPoolGrain>(pool).GetCoupon(new CouponClaim { UserId = UserId }, cancellationToken)));
        var list = new CouponList();
        list.Coupons.AddRange(replies.Where(r => r.Result == ResultCode.Ok).Select(r => r.Coupon));
        return list;
    }

    public async Task<WalletReply> GetWallet(Empty request, CancellationToken cancellationToken = default)
    {
        var wallet = await GrainFactory.Resolve<IWalletGrain>(UserId).Get(new Empty(), cancellationToken);
        var coupons = await ListCoupons(request, cancellationToken);
        wallet.Coupons.AddRange(coupons.Coupons);
        return wallet;
    }

    public async Task<ListMyOrdersReply> ListOrders(Empty request, CancellationToken cancellationToken = default)
    {
        var ids = await orders.OrderIdsOfUserAsync(UserId, ListedOrders, cancellationToken);
        var replies = await Task.WhenAll(ids.Select(id => GetOrderAsync(id, cancellationToken)));
        var list = new ListMyOrdersReply();
        list.Orders.AddRange(replies.Where(r => r.Result == ResultCode.Ok).Select(r => r.Order));
        return list;
    }

    /// <summary>The grain that owns the order: its drop, or the bucket of a bucketed drop that sold
    /// it (the order id names it, see <see cref="DropBuckets"/>).</summary>
    private IDropGrain OwnerOf(string orderId) =>
        DropBuckets.Grain(GrainFactory, OrderId.TryParse(orderId, out var owner, out _) ? owner : string.Empty);

    /// <summary>The order from its drop, or UNSPECIFIED when it is unknown or not this user's.</summary>
    private async Task<OrderReply> GetOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        if (!OrderId.TryParse(orderId, out var dropId, out _))
        {
            return new OrderReply { Result = ResultCode.Unspecified };
        }

        var reply = await DropBuckets.Grain(GrainFactory, dropId).GetOrder(new OrderRef { OrderId = orderId }, cancellationToken);
        return reply.Result == ResultCode.Ok && reply.Order.UserId == UserId ? reply : new OrderReply { Result = ResultCode.Unspecified };
    }
}

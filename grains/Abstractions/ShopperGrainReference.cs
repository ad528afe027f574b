using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>Typed reference: each method is one call through the engine's invoker.</summary>
internal sealed class ShopperGrainReference(IGrainCallInvoker invoker, GrainId id) : GrainReference(invoker, id), IShopperGrain
{
    public Task<GrabReply> Grab(GrabRequest request, CancellationToken cancellationToken = default) => Invoke(ShopperGrainMethods.Grab, request, cancellationToken);

    public Task<PayReply> Pay(PayRequest request, CancellationToken cancellationToken = default) => Invoke(ShopperGrainMethods.Pay, request, cancellationToken);

    public Task<CancelOrderReply> Cancel(CancelOrderRequest request, CancellationToken cancellationToken = default) => Invoke(ShopperGrainMethods.Cancel, request, cancellationToken);

    public Task<RefundOrderReply> Refund(RefundOrderRequest request, CancellationToken cancellationToken = default) => Invoke(ShopperGrainMethods.Refund, request, cancellationToken);

    public Task<ListMyOrdersReply> ListOrders(Empty request, CancellationToken cancellationToken = default) => Invoke(ShopperGrainMethods.ListOrders, request, cancellationToken);

    public Task<SetMemberTierReply> SetTier(SetMemberTierRequest request, CancellationToken cancellationToken = default) => Invoke(ShopperGrainMethods.SetTier, request, cancellationToken);

    public Task<ClaimCouponReply> ClaimCoupon(ClaimCouponRequest request, CancellationToken cancellationToken = default) => Invoke(ShopperGrainMethods.ClaimCoupon, request, cancellationToken);

    public Task<CouponList> ListCoupons(Empty request, CancellationToken cancellationToken = default) => Invoke(ShopperGrainMethods.ListCoupons, request, cancellationToken);

    public Task<WalletReply> GetWallet(Empty request, CancellationToken cancellationToken = default) => Invoke(ShopperGrainMethods.GetWallet, request, cancellationToken);
}

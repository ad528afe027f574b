using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>One shopper (key: user id). Orchestrates that user's calls so they are serialized per
/// user while drops stay hot paths. The silo routes Grab, Pay, CancelOrder, ClaimCoupon,
/// ListMyOrders, GetMyWallet, SetMemberTier and RefundOrder here.</summary>
public interface IShopperGrain : IGrainWithStringKey
{
    /// <summary>Grabs with the user's member tier; the order is the drop's (ListOrders finds it by user).</summary>
    Task<GrabReply> Grab(GrabRequest request, CancellationToken cancellationToken = default);

    /// <summary>The payment saga: check order → redeem coupon → debit wallet → confirm. Retrying a
    /// key returns the first answer; a crash mid-saga is resumed or compensated on activation.</summary>
    Task<PayReply> Pay(PayRequest request, CancellationToken cancellationToken = default);

    /// <summary>Cancels a pending order and releases its coupon.</summary>
    Task<CancelOrderReply> Cancel(CancelOrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>Admin refund of a paid order: drop MarkRefunded, then wallet Refund (once).</summary>
    Task<RefundOrderReply> Refund(RefundOrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>The current state of each of the user's orders, newest first.</summary>
    Task<ListMyOrdersReply> ListOrders(Empty request, CancellationToken cancellationToken = default);

    Task<SetMemberTierReply> SetTier(SetMemberTierRequest request, CancellationToken cancellationToken = default);

    Task<ClaimCouponReply> ClaimCoupon(ClaimCouponRequest request, CancellationToken cancellationToken = default);

    Task<CouponList> ListCoupons(Empty request, CancellationToken cancellationToken = default);

    /// <summary>The wallet with the user's coupons filled in (GetMyWallet).</summary>
    Task<WalletReply> GetWallet(Empty request, CancellationToken cancellationToken = default);
}

/// <summary>Method descriptors of <see cref="IShopperGrain"/>.</summary>
public static class ShopperGrainMethods
{
    public const string GrainType = "shopper";

    public static readonly GrainMethod<IShopperGrain, GrabRequest, GrabReply> Grab =
        new(GrainType, "Grab", 1, GrabRequest.Parser, GrabReply.Parser, static (g, r, ct) => g.Grab(r, ct));

    public static readonly GrainMethod<IShopperGrain, PayRequest, PayReply> Pay =
        new(GrainType, "Pay", 2, PayRequest.Parser, PayReply.Parser, static (g, r, ct) => g.Pay(r, ct));

    public static readonly GrainMethod<IShopperGrain, CancelOrderRequest, CancelOrderReply> Cancel =
        new(GrainType, "Cancel", 3, CancelOrderRequest.Parser, CancelOrderReply.Parser, static (g, r, ct) => g.Cancel(r, ct));

    public static readonly GrainMethod<IShopperGrain, RefundOrderRequest, RefundOrderReply> Refund =
        new(GrainType, "Refund", 4, RefundOrderRequest.Parser, RefundOrderReply.Parser, static (g, r, ct) => g.Refund(r, ct));

    public static readonly GrainMethod<IShopperGrain, Empty, ListMyOrdersReply> ListOrders =
        new(GrainType, "ListOrders", 5, Empty.Parser, ListMyOrdersReply.Parser, static (g, r, ct) => g.ListOrders(r, ct));

    public static readonly GrainMethod<IShopperGrain, SetMemberTierRequest, SetMemberTierReply> SetTier =
        new(GrainType, "SetTier", 6, SetMemberTierRequest.Parser, SetMemberTierReply.Parser, static (g, r, ct) => g.SetTier(r, ct));

    public static readonly GrainMethod<IShopperGrain, ClaimCouponRequest, ClaimCouponReply> ClaimCoupon =
        new(GrainType, "ClaimCoupon", 7, ClaimCouponRequest.Parser, ClaimCouponReply.Parser, static (g, r, ct) => g.ClaimCoupon(r, ct));

    public static readonly GrainMethod<IShopperGrain, Empty, CouponList> ListCoupons =
        new(GrainType, "ListCoupons", 8, Empty.Parser, CouponList.Parser, static (g, r, ct) => g.ListCoupons(r, ct));

    public static readonly GrainMethod<IShopperGrain, Empty, WalletReply> GetWallet =
        new(GrainType, "GetWallet", 9, Empty.Parser, WalletReply.Parser, static (g, r, ct) => g.GetWallet(r, ct));

    public static readonly GrainMethod[] All = [Grab, Pay, Cancel, Refund, ListOrders, SetTier, ClaimCoupon, ListCoupons, GetWallet];
}

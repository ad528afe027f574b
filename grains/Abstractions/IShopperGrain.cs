using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>One shopper (key: user id). Orchestrates that user's calls so they are serialized per
/// user while drops stay hot paths. The silo routes Grab, Pay, CancelOrder, ClaimCoupon,
/// ListMyOrders, GetMyWallet, SetMemberTier and RefundOrder here.</summary>
public interface IShopperGrain : IGrainWithStringKey
{
    /// <summary>Grabs with the user's member tier; the order is the drop's (ListOrders finds it by user).</summary>
    Task<GrabReply> Grab([Immutable] GrabRequest request, CancellationToken cancellationToken = default);

    /// <summary>The payment saga: check order → redeem coupon → debit wallet → confirm. Retrying a
    /// key returns the first answer; a crash mid-saga is resumed or compensated on activation.</summary>
    Task<PayReply> Pay([Immutable] PayRequest request, CancellationToken cancellationToken = default);

    /// <summary>Cancels a pending order and releases its coupon.</summary>
    Task<CancelOrderReply> Cancel([Immutable] CancelOrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>Admin refund of a paid order: drop MarkRefunded, then wallet Refund (once).</summary>
    Task<RefundOrderReply> Refund([Immutable] RefundOrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>The shopper's 7-day return: drop MarkReturned, then wallet Refund of the amount
    /// paid (once). OK also on a retry; RETURN_WINDOW_CLOSED; NOT_REFUNDABLE when not paid.</summary>
    Task<ReturnOrderReply> Return([Immutable] ReturnOrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>The current state of each of the user's orders, newest first.</summary>
    Task<ListMyOrdersReply> ListOrders([Immutable] Empty request, CancellationToken cancellationToken = default);

    Task<SetMemberTierReply> SetTier([Immutable] SetMemberTierRequest request, CancellationToken cancellationToken = default);

    Task<ClaimCouponReply> ClaimCoupon([Immutable] ClaimCouponRequest request, CancellationToken cancellationToken = default);

    Task<CouponList> ListCoupons([Immutable] Empty request, CancellationToken cancellationToken = default);

    /// <summary>The wallet with the user's coupons filled in (GetMyWallet).</summary>
    Task<WalletReply> GetWallet([Immutable] Empty request, CancellationToken cancellationToken = default);
}

using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>A limited pool of coupons (key: pool id), one per user, each redeemed at most once.
/// Coupon ids are "{poolId}/{sequence}" (see <see cref="CouponId"/>).</summary>
public interface ICouponPoolGrain : IGrainWithStringKey
{
    /// <summary>Creates the pool; idempotent like <see cref="IDropGrain.Schedule"/>.</summary>
    Task<CreateCouponPoolReply> Create([Immutable] CreateCouponPoolRequest request, CancellationToken cancellationToken = default);

    /// <summary>OK with a new coupon, ALREADY_CLAIMED with the user's coupon, COUPON_GONE, or
    /// COUPON_NOT_APPLICABLE outside the validity window (or for an unknown pool).</summary>
    Task<ClaimCouponReply> Claim([Immutable] CouponClaim request, CancellationToken cancellationToken = default);

    /// <summary>Applies the user's coupon to an order: OK with the discount (also on a retry for the
    /// same order), COUPON_NOT_APPLICABLE (no coupon, window, threshold, redeemed by another order).</summary>
    Task<CouponRedeemReply> Redeem([Immutable] CouponRedeem request, CancellationToken cancellationToken = default);

    /// <summary>Returns the coupon redeemed by that order to its owner. Idempotent.</summary>
    Task<CouponReply> Release([Immutable] CouponRelease request, CancellationToken cancellationToken = default);

    /// <summary>Total, claimed and redeemed counts; kind UNSPECIFIED when the pool does not exist.</summary>
    Task<CouponPoolStatus> GetStatus([Immutable] Empty request, CancellationToken cancellationToken = default);

    /// <summary>The user's coupon; result UNSPECIFIED when the user has none.</summary>
    Task<CouponReply> GetCoupon([Immutable] CouponClaim request, CancellationToken cancellationToken = default);
}

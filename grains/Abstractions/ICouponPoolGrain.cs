using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>A limited pool of coupons (key: pool id), one per user, each redeemed at most once.
/// Coupon ids are "{poolId}/{sequence}" (see <see cref="CouponId"/>).</summary>
public interface ICouponPoolGrain : IGrainWithStringKey
{
    /// <summary>Creates the pool; idempotent like <see cref="IDropGrain.Schedule"/>.</summary>
    Task<CreateCouponPoolReply> Create(CreateCouponPoolRequest request, CancellationToken cancellationToken = default);

    /// <summary>OK with a new coupon, ALREADY_CLAIMED with the user's coupon, COUPON_GONE, or
    /// COUPON_NOT_APPLICABLE outside the validity window (or for an unknown pool).</summary>
    Task<ClaimCouponReply> Claim(CouponClaim request, CancellationToken cancellationToken = default);

    /// <summary>Applies the user's coupon to an order: OK with the discount (also on a retry for the
    /// same order), COUPON_NOT_APPLICABLE (no coupon, window, threshold, redeemed by another order).</summary>
    Task<CouponRedeemReply> Redeem(CouponRedeem request, CancellationToken cancellationToken = default);

    /// <summary>Returns the coupon redeemed by that order to its owner. Idempotent.</summary>
    Task<CouponReply> Release(CouponRelease request, CancellationToken cancellationToken = default);

    /// <summary>Total, claimed and redeemed counts; kind UNSPECIFIED when the pool does not exist.</summary>
    Task<CouponPoolStatus> GetStatus(Empty request, CancellationToken cancellationToken = default);

    /// <summary>The user's coupon; result UNSPECIFIED when the user has none.</summary>
    Task<CouponReply> GetCoupon(CouponClaim request, CancellationToken cancellationToken = default);
}

/// <summary>Method descriptors of <see cref="ICouponPoolGrain"/>.</summary>
public static class CouponPoolGrainMethods
{
    public const string GrainType = "coupon-pool";

    public static readonly GrainMethod<ICouponPoolGrain, CreateCouponPoolRequest, CreateCouponPoolReply> Create =
        new(GrainType, "Create", 1, CreateCouponPoolRequest.Parser, CreateCouponPoolReply.Parser, static (g, r, ct) => g.Create(r, ct));

    public static readonly GrainMethod<ICouponPoolGrain, CouponClaim, ClaimCouponReply> Claim =
        new(GrainType, "Claim", 2, CouponClaim.Parser, ClaimCouponReply.Parser, static (g, r, ct) => g.Claim(r, ct),
            batchInvoker: static (g, requests, ct) => ((Coupons.ICouponPoolGrainBatch)g).ClaimBatch(requests, ct));

    public static readonly GrainMethod<ICouponPoolGrain, CouponRedeem, CouponRedeemReply> Redeem =
        new(GrainType, "Redeem", 3, CouponRedeem.Parser, CouponRedeemReply.Parser, static (g, r, ct) => g.Redeem(r, ct));

    public static readonly GrainMethod<ICouponPoolGrain, CouponRelease, CouponReply> Release =
        new(GrainType, "Release", 4, CouponRelease.Parser, CouponReply.Parser, static (g, r, ct) => g.Release(r, ct));

    public static readonly GrainMethod<ICouponPoolGrain, Empty, CouponPoolStatus> GetStatus =
        new(GrainType, "GetStatus", 5, Empty.Parser, CouponPoolStatus.Parser, static (g, r, ct) => g.GetStatus(r, ct), GrainMethodOptions.ReadOnly);

    public static readonly GrainMethod<ICouponPoolGrain, CouponClaim, CouponReply> GetCoupon =
        new(GrainType, "GetCoupon", 6, CouponClaim.Parser, CouponReply.Parser, static (g, r, ct) => g.GetCoupon(r, ct), GrainMethodOptions.ReadOnly);

    public static readonly GrainMethod[] All = [Create, Claim, Redeem, Release, GetStatus, GetCoupon];
}

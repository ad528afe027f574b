using FlashSale.Api.V1;
using FlashSale.Grains.Protos;

namespace FlashSale.Grains.Coupons;

/// <summary>The batch forms of the pool's methods, called by the engine only (group commit).</summary>
internal interface ICouponPoolGrainBatch
{
    Task<IReadOnlyList<ClaimCouponReply>> ClaimBatch(IReadOnlyList<CouponClaim> requests, CancellationToken cancellationToken);
}

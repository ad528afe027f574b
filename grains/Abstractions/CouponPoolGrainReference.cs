using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>Typed reference: each method is one call through the engine's invoker.</summary>
internal sealed class CouponPoolGrainReference(IGrainCallInvoker invoker, GrainId id) : GrainReference(invoker, id), ICouponPoolGrain
{
    public Task<CreateCouponPoolReply> Create(CreateCouponPoolRequest request, CancellationToken cancellationToken = default) => Invoke(CouponPoolGrainMethods.Create, request, cancellationToken);

    public Task<ClaimCouponReply> Claim(CouponClaim request, CancellationToken cancellationToken = default) => Invoke(CouponPoolGrainMethods.Claim, request, cancellationToken);

    public Task<CouponRedeemReply> Redeem(CouponRedeem request, CancellationToken cancellationToken = default) => Invoke(CouponPoolGrainMethods.Redeem, request, cancellationToken);

    public Task<CouponReply> Release(CouponRelease request, CancellationToken cancellationToken = default) => Invoke(CouponPoolGrainMethods.Release, request, cancellationToken);

    public Task<CouponPoolStatus> GetStatus(Empty request, CancellationToken cancellationToken = default) => Invoke(CouponPoolGrainMethods.GetStatus, request, cancellationToken);

    public Task<CouponReply> GetCoupon(CouponClaim request, CancellationToken cancellationToken = default) => Invoke(CouponPoolGrainMethods.GetCoupon, request, cancellationToken);
}

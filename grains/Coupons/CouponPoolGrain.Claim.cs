using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Runtime;

namespace FlashSale.Grains.Coupons;

internal sealed partial class CouponPoolGrain
{
    public async Task<ClaimCouponReply> Claim(CouponClaim request, CancellationToken cancellationToken = default)
    {
        var replies = await ApplyClaimsAsync([request], cancellationToken);
        return replies[0];
    }

    /// <summary>The batch form of <see cref="Claim"/> (group commit): applies the claims in order,
    /// persists once, then answers them all.</summary>
    public Task<IReadOnlyList<ClaimCouponReply>> ClaimBatch(IReadOnlyList<CouponClaim> requests, CancellationToken cancellationToken) =>
        ApplyClaimsAsync(requests, cancellationToken);

    private async Task<IReadOnlyList<ClaimCouponReply>> ApplyClaimsAsync(IReadOnlyList<CouponClaim> requests, CancellationToken cancellationToken)
    {
        if (!Exists)
        {
            throw new EntityNotFoundException("coupon pool", GetPrimaryKeyString());
        }

        var now = time.GetUtcNow();
        var created = false;
        var replies = new ClaimCouponReply[requests.Count];
        for (var i = 0; i < replies.Length; i++)
        {
            replies[i] = ApplyClaim(requests[i], now, ref created);
        }

        if (created)
        {
            await PersistAsync(cancellationToken);
        }

        return replies;
    }

    // In memory only; the caller persists. A user claiming twice in one batch gets ALREADY_CLAIMED
    // with the coupon the first claim created.
    private ClaimCouponReply ApplyClaim(CouponClaim request, DateTimeOffset now, ref bool created)
    {
        if (State.Coupons.TryGetValue(request.UserId, out var held))
        {
            return new ClaimCouponReply { Result = ResultCode.AlreadyClaimed, Coupon = held.Clone(), Remaining = Remaining };
        }

        if (!IsValidAt(now))
        {
            return new ClaimCouponReply { Result = ResultCode.CouponNotApplicable, Remaining = Remaining };
        }

        if (Status.Claimed >= Status.Total)
        {
            return new ClaimCouponReply { Result = ResultCode.CouponGone };
        }

        var coupon = new Coupon
        {
            CouponId = CouponId.Format(Status.PoolId, Status.Claimed + 1),
            PoolId = Status.PoolId,
            UserId = request.UserId,
            Kind = Status.Kind,
            AmountOff = Status.AmountOff,
            Threshold = Status.Threshold,
            PercentOff = Status.PercentOff,
            ValidFrom = Status.ValidFrom,
            ValidUntil = Status.ValidUntil,
        };
        State.Coupons[request.UserId] = coupon;
        Status.Claimed++;
        created = true;
        return new ClaimCouponReply { Result = ResultCode.Ok, Coupon = coupon.Clone(), Remaining = Remaining };
    }
}

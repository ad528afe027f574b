using FlashSale.Api.V1;
using FlashSale.Grains.Protos;

namespace FlashSale.Grains.Coupons;

internal sealed partial class CouponPoolGrain
{
    // Reentrant: a claim changes the pool in memory at once and then joins the next group commit,
    // so a rush of claims is persisted by a few writes; none is answered before its write is durable.
    public async Task<ClaimCouponReply> Claim(CouponClaim request, CancellationToken cancellationToken = default)
    {
        if (!Exists)
        {
            throw new EntityNotFoundException("coupon pool", GetPrimaryKeyString());
        }

        var created = false;
        var reply = ApplyClaim(request, Time.GetUtcNow(), ref created);
        await (created ? PersistAsync(cancellationToken) : SettledAsync());
        return reply;
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

using FlashSale.Api.V1;
using FlashSale.Grains.Protos;

namespace FlashSale.Grains.Coupons;

internal sealed partial class CouponPoolGrain
{
    public async Task<CouponRedeemReply> Redeem(CouponRedeem request, CancellationToken cancellationToken = default)
    {
        if (!Exists || !State.Coupons.TryGetValue(request.UserId, out var coupon)
            || (request.CouponId.Length > 0 && request.CouponId != coupon.CouponId))
        {
            return new CouponRedeemReply { Result = ResultCode.CouponNotApplicable };
        }

        var discount = CouponDiscount.For(coupon, request.OrderTotal);
        if (coupon.RedeemedByOrderId == request.OrderId && discount is { } again)
        {
            var replay = new CouponRedeemReply { Result = ResultCode.Ok, DiscountAmount = again, Coupon = coupon.Clone() };
            await SettledAsync();
            return replay;
        }

        if (coupon.RedeemedByOrderId.Length > 0 || discount is not { } amount || !IsValidAt(Time.GetUtcNow()))
        {
            return new CouponRedeemReply { Result = ResultCode.CouponNotApplicable, Coupon = coupon.Clone() };
        }

        coupon.RedeemedByOrderId = request.OrderId;
        Status.Redeemed++;
        await PersistAsync(cancellationToken);
        return new CouponRedeemReply { Result = ResultCode.Ok, DiscountAmount = amount, Coupon = coupon.Clone() };
    }

    public async Task<CouponReply> Release(CouponRelease request, CancellationToken cancellationToken = default)
    {
        if (!Exists || !State.Coupons.TryGetValue(request.UserId, out var coupon))
        {
            return new CouponReply { Result = ResultCode.Unspecified };
        }

        // Releasing for an order that does not hold the coupon is a no-op, so compensations can retry.
        if (coupon.RedeemedByOrderId.Length > 0 && coupon.RedeemedByOrderId == request.OrderId)
        {
            coupon.RedeemedByOrderId = string.Empty;
            Status.Redeemed--;
            await PersistAsync(cancellationToken);
        }

        return new CouponReply { Result = ResultCode.Ok, Coupon = coupon.Clone() };
    }
}

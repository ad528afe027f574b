using FlashSale.Api.V1;

namespace FlashSale.Grains.Coupons;

/// <summary>The discount rules of the coupon kinds, in minor units (fen).</summary>
internal static class CouponDiscount
{
    /// <summary>The discount on an order total, or null when the coupon does not apply to it.
    /// A discount never exceeds the total, so a paid amount is never negative.</summary>
    public static long? For(Coupon coupon, long orderTotal)
    {
        if (orderTotal <= 0)
        {
            return null;
        }

        return coupon.Kind switch
        {
            CouponKind.ThresholdOff when orderTotal >= coupon.Threshold => Math.Min(coupon.AmountOff, orderTotal),
            CouponKind.AmountOff => Math.Min(coupon.AmountOff, orderTotal),
            // Rounded down: the shop never gives away a fraction of a fen.
            CouponKind.PercentOff => orderTotal * Math.Clamp(coupon.PercentOff, 0, 100) / 100,
            _ => null,
        };
    }
}

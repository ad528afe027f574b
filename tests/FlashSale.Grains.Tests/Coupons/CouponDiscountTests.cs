using FlashSale.Api.V1;
using FlashSale.Grains.Coupons;

namespace FlashSale.Grains.Tests.Coupons;

public sealed class CouponDiscountTests
{
    [Theory]
    [InlineData(30_000, 3_000)]
    [InlineData(29_999, -1)]
    public void ThresholdOff_AppliesOnlyFromTheThreshold(long total, long expected)
    {
        var coupon = new Coupon { Kind = CouponKind.ThresholdOff, Threshold = 30_000, AmountOff = 3_000 };

        Assert.Equal(expected < 0 ? null : expected, CouponDiscount.For(coupon, total));
    }

    [Theory]
    [InlineData(10_000, 2_000)]
    [InlineData(1_500, 1_500)]
    public void AmountOff_NeverExceedsTheTotal(long total, long expected)
    {
        var coupon = new Coupon { Kind = CouponKind.AmountOff, AmountOff = 2_000 };

        Assert.Equal(expected, CouponDiscount.For(coupon, total));
    }

    [Theory]
    [InlineData(10_000, 15, 1_500)]
    [InlineData(999, 15, 149)]
    [InlineData(1, 99, 0)]
    public void PercentOff_RoundsDown(long total, int percent, long expected)
    {
        var coupon = new Coupon { Kind = CouponKind.PercentOff, PercentOff = percent };

        Assert.Equal(expected, CouponDiscount.For(coupon, total));
    }
}

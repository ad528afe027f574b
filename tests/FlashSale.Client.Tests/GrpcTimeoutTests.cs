using FlashSale.Client.Protocol;

namespace FlashSale.Client.Tests;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData(5_000, "5000000u")]
    [InlineData(100, "100000u")]
    [InlineData(99_999, "99999000u")]
    [InlineData(100_000, "100000m")]
    [InlineData(3_600_000, "3600000m")]
    [InlineData(200_000_000, "200000S")]
    public void Encode_PicksFinestUnitWithinEightDigits(long milliseconds, string expected)
    {
        Assert.Equal(expected, GrpcTimeout.Encode(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Fact]
    public void Encode_SubMicrosecond_RoundsUp()
    {
        Assert.Equal("1u", GrpcTimeout.Encode(TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void Encode_ZeroOrNegative_IsOneNanosecond()
    {
        Assert.Equal("1n", GrpcTimeout.Encode(TimeSpan.Zero));
        Assert.Equal("1n", GrpcTimeout.Encode(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Encode_HugeTimeout_NeverExceedsEightDigits()
    {
        var encoded = GrpcTimeout.Encode(TimeSpan.MaxValue);

        Assert.True(encoded.Length <= 9, encoded);
        Assert.EndsWith("H", encoded, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5S", 5_000)]
    [InlineData("250m", 250)]
    [InlineData("2M", 120_000)]
    [InlineData("1H", 3_600_000)]
    [InlineData("1500000u", 1_500)]
    public void TryParse_ValidValue_ReturnsTimeout(string value, long expectedMilliseconds)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), timeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("5s")]
    [InlineData("123456789S")]
    [InlineData("-5S")]
    public void TryParse_Malformed_ReturnsFalse(string value)
    {
        Assert.False(GrpcTimeout.TryParse(value, out _));
    }
}

using FlashSale.Silo.Protocol;

namespace FlashSale.Silo.Tests.Protocol;

public sealed class WireFormatTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("100u", 1_000L)]
    [InlineData("12345678n", 123_456L)]
    [InlineData("0m", 0L)]
    public void GrpcTimeout_ValidValue_ParsesToTicks(string value, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("123456789S")]
    [InlineData("10s")]
    [InlineData("-1S")]
    [InlineData("1.5S")]
    public void GrpcTimeout_MalformedValue_IsRejected(string value)
    {
        Assert.False(GrpcTimeout.TryParse(value, out _));
    }

    [Theory]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("100%", "100%25")]
    [InlineData("库", "%E5%BA%93")]
    [InlineData("line\nbreak", "line%0Abreak")]
    public void PercentEncoding_Encode_EscapesNonPrintableAndPercent(string value, string encoded)
    {
        Assert.Equal(encoded, PercentEncoding.Encode(value));
        Assert.Equal(value, PercentEncoding.Decode(encoded));
    }

    [Fact]
    public void PercentEncoding_DecodeMalformedEscape_KeepsItLiterally()
    {
        Assert.Equal("50%zz", PercentEncoding.Decode("50%zz"));
    }

    [Fact]
    public void Metadata_BinaryKeyWithStringValue_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add("x-bin", "text"));
    }

    [Fact]
    public void Metadata_Get_IsCaseInsensitiveAndReturnsLastValue()
    {
        var metadata = new Metadata().Add("Key", "a").Add("key", "b");

        Assert.Equal("b", metadata.GetValue("KEY"));
        Assert.Equal("key", metadata[0].Key);
    }
}

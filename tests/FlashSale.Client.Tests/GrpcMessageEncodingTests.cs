using FlashSale.Client.Protocol;

namespace FlashSale.Client.Tests;

public sealed class GrpcMessageEncodingTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("100%25 sold", "100% sold")]
    [InlineData("%E5%94%AE%E7%BD%84", "售罄")]
    [InlineData("line%0Abreak", "line\nbreak")]
    [InlineData("%e5%94%ae%e7%bd%84", "售罄")]
    public void Decode_PercentEncodedUtf8_ReturnsText(string wire, string expected)
    {
        Assert.Equal(expected, GrpcMessageEncoding.Decode(wire));
    }

    [Theory]
    [InlineData("bad %G1 escape")]
    [InlineData("trailing %")]
    [InlineData("trailing %4")]
    public void Decode_MalformedEscape_KeepsItLiterally(string wire)
    {
        Assert.Equal(wire, GrpcMessageEncoding.Decode(wire));
    }

    [Theory]
    [InlineData("drop 售罄: 100% gone\n")]
    [InlineData("ascii only")]
    public void Encode_ThenDecode_RoundTrips(string text)
    {
        var wire = GrpcMessageEncoding.Encode(text);

        Assert.All(wire, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal(text, GrpcMessageEncoding.Decode(wire));
    }
}

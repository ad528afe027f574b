namespace FlashSale.Client.Tests;

public sealed class ChannelTargetTests
{
    [Fact]
    public void Parse_CommaSeparatedList_KeepsEveryAddressInOrder()
    {
        var target = ChannelTarget.Parse("http://10.0.0.1:5000, http://10.0.0.2:5000,http://10.0.0.3:5000");

        Assert.Equal([5000, 5000, 5000], target.Addresses.Select(a => a.Port));
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3"], target.Addresses.Select(a => a.Host));
        Assert.Null(target.Dns);
        Assert.True(target.IsBalanced);
    }

    [Fact]
    public void Parse_OneAddress_IsNotBalanced()
    {
        var target = ChannelTarget.Parse("http://127.0.0.1:5000");

        Assert.False(target.IsBalanced);
        Assert.Equal("http://127.0.0.1:5000", target.ToString());
    }

    [Fact]
    public void Parse_DnsName_KeepsHostAndPort()
    {
        var target = ChannelTarget.Parse("dns:///silos.example:5000");

        Assert.Empty(target.Addresses);
        Assert.Equal("dns:///silos.example:5000", target.ToString());
        Assert.True(target.IsBalanced);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:5000")]
    [InlineData("http://a:5000,https://b:5000")]
    [InlineData("dns:///silos.example")]
    [InlineData("dns://8.8.8.8/silos.example:5000")]
    [InlineData("dns:///a:5000,http://b:5000")]
    [InlineData("ftp://a:5000")]
    public void TryParse_BadTarget_FailsWithAReason(string text)
    {
        Assert.False(ChannelTarget.TryParse(text, out var target, out var error));
        Assert.Null(target);
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<FormatException>(() => ChannelTarget.Parse(text));
    }
}

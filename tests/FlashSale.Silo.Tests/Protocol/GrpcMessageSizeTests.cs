using FlashSale.Silo.Protocol;

namespace FlashSale.Silo.Tests.Protocol;

public sealed class GrpcMessageSizeTests : GrpcServerTestBase
{
    [Fact]
    public async Task Unary_ResponseOverMaxSendSize_IsResourceExhaustedTrailersOnly()
    {
        var response = await Client.CallAsync(EchoPath, Request(new string('x', 200)));

        Assert.Equal((int)StatusCode.ResourceExhausted, response.GrpcStatus);
        Assert.True(response.IsTrailersOnly);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task Unary_RequestOverConfiguredReceiveSize_IsResourceExhausted()
    {
        var response = await Client.CallAsync(EchoPath, Request(new string('x', 600)));

        Assert.Equal((int)StatusCode.ResourceExhausted, response.GrpcStatus);
    }

    [Fact]
    public async Task Unary_SmallMessages_StillSucceed()
    {
        var response = await Client.CallAsync(EchoPath, Request("ok"));

        Assert.Equal(0, response.GrpcStatus);
    }

    protected override void ConfigureOptions(GrpcProtocolOptions options)
    {
        options.MaxSendMessageSize = 100;
        options.MaxReceiveMessageSize = 512;
    }
}

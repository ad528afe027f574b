using Grpc.AspNetCore.Server;
using Grpc.Core;

namespace FlashSale.Silo.Tests.Protocol;

public sealed class GrpcMessageSizeTests : GrpcServerTestBase
{
    [Fact]
    public async Task Unary_ResponseOverMaxSendSize_IsResourceExhaustedWithoutMessage()
    {
        var response = await Client.CallAsync(EchoPath, Request(new string('x', 200)));

        // grpc-dotnet sends the headers before it finds the message too large, so the status
        // comes as trailers (not Trailers-Only); no message is sent either way.
        Assert.Equal((int)StatusCode.ResourceExhausted, response.GrpcStatus);
        Assert.Empty(response.Messages);
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

    protected override void ConfigureOptions(GrpcServiceOptions options)
    {
        options.MaxSendMessageSize = 100;
        options.MaxReceiveMessageSize = 512;
    }
}

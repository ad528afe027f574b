using Grpc.Core;
using System.Net;

namespace FlashSale.Silo.Tests.Protocol;

public sealed class GrpcUnaryTests : GrpcServerTestBase
{
    [Fact]
    public async Task Unary_ValidRequest_ReturnsMessageThenOkTrailers()
    {
        var response = await Client.CallAsync(EchoPath, Request("hello"));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal("application/grpc", response.ContentType);
        Assert.Equal("echo:hello", ParseProbe(Assert.Single(response.Messages)).Service);
        Assert.False(response.IsTrailersOnly);
        Assert.Equal("0", response.Trailers.GetValues("grpc-status").Single());
        Assert.False(response.Trailers.Contains("grpc-message"));
        Assert.Equal("yes", response.Trailers.GetValues("echo-peer-known").Single());
    }

    [Fact]
    public async Task Unary_GrpcProtoContentType_IsAccepted()
    {
        var response = await Client.CallAsync(Client.CreateRequest(EchoPath, Request("x"), "application/grpc+proto"));

        Assert.Equal(0, response.GrpcStatus);
        Assert.Single(response.Messages);
    }

    [Fact]
    public async Task Unary_RpcException_SendsItsStatusAndTrailersOnly()
    {
        var response = await Client.CallAsync("/test.v1.Probe/Fail", Request("no stock"));

        Assert.True(response.IsTrailersOnly);
        Assert.Empty(response.Body);
        Assert.Equal((int)StatusCode.FailedPrecondition, response.GrpcStatus);
        Assert.Equal("no stock", response.RawGrpcMessage);
        Assert.Equal("AQID", response.Find("reason-bin"));
    }

    [Fact]
    public async Task Unary_NonAsciiAndPercentDetail_IsPercentEncodedAndRoundTrips()
    {
        const string detail = "库存 100% sold";

        var response = await Client.CallAsync("/test.v1.Probe/Fail", Request(detail));

        Assert.Equal("%E5%BA%93%E5%AD%98 100%25 sold", response.RawGrpcMessage);
        Assert.Equal(detail, Uri.UnescapeDataString(response.RawGrpcMessage!));
    }

    [Fact]
    public async Task Unary_HandlerThrowsPlainException_ReturnsUnknownWithoutLeakingText()
    {
        var response = await Client.CallAsync("/test.v1.Probe/Throw", Request("boom"));

        Assert.Equal((int)StatusCode.Unknown, response.GrpcStatus);
        Assert.DoesNotContain("secret", response.RawGrpcMessage ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperation", response.RawGrpcMessage ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("Exception was thrown by handler.", response.RawGrpcMessage);
        await AssertEchoStillWorksAsync();
    }
}

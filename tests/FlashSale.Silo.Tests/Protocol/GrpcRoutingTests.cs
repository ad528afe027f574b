using System.Net;
using Grpc.Core;

namespace FlashSale.Silo.Tests.Protocol;

public sealed class GrpcRoutingTests : GrpcServerTestBase
{
    [Fact]
    public async Task Call_UnknownService_IsUnimplementedTrailersOnly()
    {
        var response = await Client.CallAsync("/nope.v1.Missing/Echo", Request("x"));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.True(response.IsTrailersOnly);
        Assert.Empty(response.Body);
        Assert.Equal((int)StatusCode.Unimplemented, response.GrpcStatus);
        Assert.Equal("Service is unimplemented.", response.RawGrpcMessage);
    }

    [Fact]
    public async Task Call_UnknownMethodOfKnownService_IsUnimplementedTrailersOnly()
    {
        var response = await Client.CallAsync("/test.v1.Probe/Missing", Request("x"));

        Assert.True(response.IsTrailersOnly);
        Assert.Empty(response.Body);
        Assert.Equal((int)StatusCode.Unimplemented, response.GrpcStatus);
        Assert.Equal("Method is unimplemented.", response.RawGrpcMessage);
    }

    [Fact]
    public async Task Call_WrongContentType_IsHttp415()
    {
        var response = await Client.CallAsync(Client.CreateRequest(EchoPath, Request("x"), "application/json"));

        // PROTOCOL-HTTP2: HTTP 415; grpc-dotnet adds grpc-status INTERNAL for gRPC clients.
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
        Assert.Equal((int)StatusCode.Internal, response.GrpcStatus);
        await AssertEchoStillWorksAsync();
    }

    [Fact]
    public async Task Call_GrpcWebLookalikeContentType_IsHttp415()
    {
        var response = await Client.CallAsync(Client.CreateRequest(EchoPath, Request("x"), "application/grpcfoo"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
    }

    [Fact]
    public async Task Get_MethodPath_PassesThroughToNextMiddleware()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, EchoPath);
        var response = await Client.CallAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.HttpStatus);
        Assert.Null(response.GrpcStatus);
        Assert.Equal(GrpcTestServer.FallbackBody, System.Text.Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task Post_NonGrpcPathAndContentType_PassesThroughToNextMiddleware()
    {
        var response = await Client.CallAsync(Client.CreateRequest("/api/something/else", [1], "text/plain"));

        Assert.Equal(HttpStatusCode.NotFound, response.HttpStatus);
        Assert.Null(response.GrpcStatus);
    }
}

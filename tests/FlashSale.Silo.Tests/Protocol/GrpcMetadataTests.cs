using FlashSale.Silo.Protocol;

namespace FlashSale.Silo.Tests.Protocol;

public sealed class GrpcMetadataTests : GrpcServerTestBase
{
    [Fact]
    public async Task RequestHeaders_AsciiAndBinary_ReachTheHandlerAndEchoAsTrailers()
    {
        var request = Client.CreateRequest(EchoPath, Request("x"));
        request.Headers.TryAddWithoutValidation("x-tag", "drop-42");
        request.Headers.TryAddWithoutValidation("x-data-bin", "AQIDBA"); // unpadded base64 of 01 02 03 04

        var response = await Client.CallAsync(request);

        Assert.Equal(0, response.GrpcStatus);
        Assert.Equal("drop-42", response.Trailers.GetValues("seen-x-tag").Single());
        Assert.Equal("AQIDBA", response.Trailers.GetValues("seen-data-bin").Single());
    }

    [Fact]
    public void RequestHeaders_TransportHeaders_AreNotMetadata()
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Headers["content-type"] = "application/grpc";
        context.Request.Headers["grpc-timeout"] = "1S";
        context.Request.Headers["te"] = "trailers";
        context.Request.Headers["x-user"] = "u1";

        var metadata = RequestMetadata.From(context.Request.Headers);

        var entry = Assert.Single(metadata);
        Assert.Equal("x-user", entry.Key);
    }
}

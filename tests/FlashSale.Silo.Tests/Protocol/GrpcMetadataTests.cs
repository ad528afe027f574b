using Grpc.Core;

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
        // grpc-dotnet sends binary values padded; the spec lets receivers take either form.
        Assert.Equal([1, 2, 3, 4], Convert.FromBase64String(response.Trailers.GetValues("seen-data-bin").Single()));
    }
}

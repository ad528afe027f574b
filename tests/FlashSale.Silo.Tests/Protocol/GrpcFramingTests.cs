using System.Buffers.Binary;
using Grpc.Core;

namespace FlashSale.Silo.Tests.Protocol;

public sealed class GrpcFramingTests : GrpcServerTestBase
{
    [Fact]
    public async Task Unary_OnlyThreeBytesOfLengthPrefix_IsInternalIncompleteMessage()
    {
        var response = await Client.CallAsync(EchoPath, [0, 0, 0]);

        Assert.Equal((int)StatusCode.Internal, response.GrpcStatus);
        Assert.Equal("Incomplete message.", response.RawGrpcMessage);
        await AssertEchoStillWorksAsync();
    }

    [Fact]
    public async Task Unary_BodyEndsMidMessage_IsInternalIncompleteMessage()
    {
        var frame = Request("truncate me");

        var response = await Client.CallAsync(EchoPath, frame[..^3]);

        Assert.Equal((int)StatusCode.Internal, response.GrpcStatus);
        Assert.Equal("Incomplete message.", response.RawGrpcMessage);
        await AssertEchoStillWorksAsync();
    }

    [Fact]
    public async Task Unary_InvalidProtobufBytes_IsUnknownWithoutDetail()
    {
        // Field 1, length-delimited, claims 5 bytes but carries one. grpc-dotnet reports a request
        // that fails to deserialize as UNKNOWN with its generic detail (the parser's text stays out).
        var response = await Client.CallAsync(EchoPath, RawGrpcClient.Frame([0x0A, 0x05, 0x61]));

        Assert.Equal((int)StatusCode.Unknown, response.GrpcStatus);
        Assert.Equal("Exception was thrown by handler.", response.RawGrpcMessage);
        await AssertEchoStillWorksAsync();
    }

    [Fact]
    public async Task Unary_DeclaredLengthOverLimit_IsResourceExhaustedWithoutReadingIt()
    {
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (4 * 1024 * 1024) + 1);

        var response = await Client.CallAsync(EchoPath, Concat(header, [1, 2, 3]));

        Assert.Equal((int)StatusCode.ResourceExhausted, response.GrpcStatus);
        Assert.True(response.IsTrailersOnly);
        await AssertEchoStillWorksAsync();
    }

    [Fact]
    public async Task Unary_FiveMebibyteMessageActuallySent_IsResourceExhausted()
    {
        var payload = new byte[5 * 1024 * 1024];

        var response = await Client.CallAsync(EchoPath, RawGrpcClient.Frame(payload));

        Assert.Equal((int)StatusCode.ResourceExhausted, response.GrpcStatus);
        await AssertEchoStillWorksAsync();
    }

    [Fact]
    public async Task Unary_EmptyBody_IsInternal()
    {
        // grpc-dotnet answers a unary call without a request message INTERNAL.
        var response = await Client.CallAsync(EchoPath, []);

        Assert.Equal((int)StatusCode.Internal, response.GrpcStatus);
        await AssertEchoStillWorksAsync();
    }

    [Fact]
    public async Task Unary_TwoMessages_IsInternal()
    {
        // grpc-dotnet answers data after a unary request's one message INTERNAL.
        var response = await Client.CallAsync(EchoPath, Concat(Request("a"), Request("b")));

        Assert.Equal((int)StatusCode.Internal, response.GrpcStatus);
        Assert.Empty(response.Messages);
        await AssertEchoStillWorksAsync();
    }

    [Fact]
    public async Task Unary_EmptyMessage_IsAValidRequest()
    {
        var response = await Client.CallAsync(EchoPath, RawGrpcClient.Frame([]));

        Assert.Equal(0, response.GrpcStatus);
        Assert.Equal("echo:", ParseProbe(Assert.Single(response.Messages)).Service);
    }

    [Fact]
    public async Task Unary_CompressedFlagWithoutEncoding_IsInternal()
    {
        var response = await Client.CallAsync(EchoPath, RawGrpcClient.Frame([0x0A, 0x01, 0x61], flag: 1));

        Assert.Equal((int)StatusCode.Internal, response.GrpcStatus);
        await AssertEchoStillWorksAsync();
    }

    [Fact]
    public async Task Unary_CompressedWithUnsupportedEncoding_IsUnimplemented()
    {
        var request = Client.CreateRequest(EchoPath, RawGrpcClient.Frame([0x0A, 0x01, 0x61], flag: 1));
        request.Headers.TryAddWithoutValidation("grpc-encoding", "snappy");

        var response = await Client.CallAsync(request);

        Assert.Equal((int)StatusCode.Unimplemented, response.GrpcStatus);
        // grpc-dotnet names the encodings it accepts (identity among them).
        Assert.Contains("identity", response.Find("grpc-accept-encoding")!.Split(','));
    }
}

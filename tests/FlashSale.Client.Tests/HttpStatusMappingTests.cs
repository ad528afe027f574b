using System.Net;
using FlashSale.Client.Protocol;

namespace FlashSale.Client.Tests;

public sealed class HttpStatusMappingTests
{
    [Theory]
    [InlineData(400, RpcStatusCode.Internal)]
    [InlineData(401, RpcStatusCode.Unauthenticated)]
    [InlineData(403, RpcStatusCode.PermissionDenied)]
    [InlineData(404, RpcStatusCode.Unimplemented)]
    [InlineData(415, RpcStatusCode.Internal)]
    [InlineData(429, RpcStatusCode.Unavailable)]
    [InlineData(502, RpcStatusCode.Unavailable)]
    [InlineData(503, RpcStatusCode.Unavailable)]
    [InlineData(504, RpcStatusCode.Unavailable)]
    [InlineData(500, RpcStatusCode.Unknown)]
    [InlineData(302, RpcStatusCode.Unknown)]
    public void FromHttpStatus_FollowsSpecTable(int httpStatus, RpcStatusCode expected)
    {
        Assert.Equal(expected, HttpStatusMapping.FromHttpStatus((HttpStatusCode)httpStatus));
    }

    [Theory]
    [InlineData(0x7, RpcStatusCode.Unavailable)]
    [InlineData(0x8, RpcStatusCode.Cancelled)]
    [InlineData(0xB, RpcStatusCode.ResourceExhausted)]
    [InlineData(0x2, RpcStatusCode.Internal)]
    public void FromHttp2Error_FollowsSpecTable(long errorCode, RpcStatusCode expected)
    {
        Assert.Equal(expected, HttpStatusMapping.FromHttp2Error(errorCode));
    }

    [Fact]
    public void FlashSaleRpcException_RetryAfterTrailer_IsExposedAndRetriable()
    {
        var trailers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Retry-After-Ms"] = "250" };

        var ex = new FlashSaleRpcException(RpcStatusCode.ResourceExhausted, "busy", trailers);

        Assert.True(ex.IsRetriable);
        Assert.Equal(TimeSpan.FromMilliseconds(250), ex.RetryAfter);
        Assert.Contains("RESOURCE_EXHAUSTED", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FlashSaleRpcException_NotFound_IsNotRetriable()
    {
        var ex = new FlashSaleRpcException(RpcStatusCode.NotFound, "no room");

        Assert.False(ex.IsRetriable);
        Assert.Null(ex.RetryAfter);
    }
}

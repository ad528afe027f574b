using FlashSale.Silo.Protocol;

namespace FlashSale.Silo.Tests.Protocol;

public sealed class GrpcExceptionMapperTests : GrpcServerTestBase
{
    [Fact]
    public async Task Unary_MapperRecognisesException_SendsMappedStatus()
    {
        var response = await Client.CallAsync("/test.v1.Probe/Throw", Request("x"));

        Assert.Equal((int)StatusCode.ResourceExhausted, response.GrpcStatus);
        Assert.Equal("overloaded", response.RawGrpcMessage);
    }

    protected override void ConfigureOptions(GrpcProtocolOptions options) =>
        options.ExceptionMapper = ex => ex is InvalidOperationException ? new RpcException(new Status(StatusCode.ResourceExhausted, "overloaded")) : null;
}

using FlashSale.Api.V1;
using FlashSale.Silo.Monitoring;
using Grpc.Core;

namespace FlashSale.Silo.Tests.Monitoring;

public sealed class FlashSaleMetricsNamesTests
{
    [Theory]
    [InlineData(StatusCode.OK, "OK")]
    [InlineData(StatusCode.ResourceExhausted, "RESOURCE_EXHAUSTED")]
    [InlineData(StatusCode.DeadlineExceeded, "DEADLINE_EXCEEDED")]
    public void StatusName_IsTheGrpcSpelling(StatusCode code, string expected) =>
        Assert.Equal(expected, FlashSaleMetrics.StatusName(code));

    [Theory]
    [InlineData(ResultCode.Ok, "ok")]
    [InlineData(ResultCode.SoldOut, "sold_out")]
    [InlineData(ResultCode.IdempotencyKeyReused, "idempotency_key_reused")]
    public void ResultName_IsSnakeCase(ResultCode code, string expected) =>
        Assert.Equal(expected, FlashSaleMetrics.ResultName(code));
}

using Grpc.Core;
using FlashSale.Testing;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace FlashSale.Silo.Tests.Protocol;

public sealed class HealthServiceTests : GrpcServerTestBase
{
    private const string CheckPath = "/grpc.health.v1.Health/Check";
    private const string WatchPath = "/grpc.health.v1.Health/Watch";

    [Fact]
    public async Task Check_EmptyServiceName_ReturnsOverallServing()
    {
        var response = await Client.CallAsync(CheckPath, RawGrpcClient.Frame(new HealthCheckRequest()));

        Assert.Equal(0, response.GrpcStatus);
        Assert.Equal(ServingStatus.Serving, ParseHealth(Assert.Single(response.Messages)).Status);
    }

    [Fact]
    public async Task Check_UnknownService_IsNotFound()
    {
        var response = await Client.CallAsync(CheckPath, RawGrpcClient.Frame(new HealthCheckRequest { Service = "nope" }));

        Assert.Equal((int)StatusCode.NotFound, response.GrpcStatus);
    }

    [Fact]
    public async Task Check_AfterSetStatus_ReturnsNewStatus()
    {
        Health.SetStatus("flashsale.v1.Shop", ServingStatus.NotServing);

        var response = await Client.CallAsync(CheckPath, RawGrpcClient.Frame(new HealthCheckRequest { Service = "flashsale.v1.Shop" }));

        Assert.Equal(ServingStatus.NotServing, ParseHealth(Assert.Single(response.Messages)).Status);
    }

    [Fact]
    public async Task Watch_StatusChanges_StreamsCurrentThenEachChange()
    {
        using var cts = new CancellationTokenSource();
        var response = await Client.StartAsync(Client.CreateRequest(WatchPath, RawGrpcClient.Frame(new HealthCheckRequest())), cts.Token);
        var body = await response.Content.ReadAsStreamAsync(cts.Token).WithTimeout();

        var first = ParseHealth((await RawGrpcClient.ReadMessageAsync(body, cts.Token))!);
        Health.SetAllNotServing();
        var second = ParseHealth((await RawGrpcClient.ReadMessageAsync(body, cts.Token))!);
        await cts.CancelAsync();
        response.Dispose();

        Assert.Equal(ServingStatus.Serving, first.Status);
        Assert.Equal(ServingStatus.NotServing, second.Status);
    }

    [Fact]
    public async Task Watch_UnknownService_StreamsServiceUnknownThenItsFirstStatus()
    {
        using var cts = new CancellationTokenSource();
        var response = await Client.StartAsync(Client.CreateRequest(WatchPath, RawGrpcClient.Frame(new HealthCheckRequest { Service = "later" })), cts.Token);
        var body = await response.Content.ReadAsStreamAsync(cts.Token).WithTimeout();

        var first = ParseHealth((await RawGrpcClient.ReadMessageAsync(body, cts.Token))!);
        Health.SetStatus("later", ServingStatus.Serving);
        var second = ParseHealth((await RawGrpcClient.ReadMessageAsync(body, cts.Token))!);
        await cts.CancelAsync();
        response.Dispose();

        Assert.Equal(ServingStatus.ServiceUnknown, first.Status);
        Assert.Equal(ServingStatus.Serving, second.Status);
    }

    [Fact]
    public async Task Watch_WithDeadline_EndsWithDeadlineExceeded()
    {
        // 3 s: the first message must be out before the deadline, even on a loaded machine.
        var response = await Client.CallAsync(WatchPath, RawGrpcClient.Frame(new HealthCheckRequest()), timeout: "3S");

        Assert.Equal(ServingStatus.Serving, ParseHealth(Assert.Single(response.Messages)).Status);
        Assert.Equal((int)StatusCode.DeadlineExceeded, response.GrpcStatus);
    }
}

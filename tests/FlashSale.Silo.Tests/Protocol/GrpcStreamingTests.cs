using System.Net;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.Protocol;

public sealed class GrpcStreamingTests : GrpcServerTestBase
{
    [Fact]
    public async Task ServerStreaming_SeveralMessages_ArriveInOrderThenTrailers()
    {
        var response = await Client.CallAsync("/test.v1.Probe/Count", Request("5"));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal(["0", "1", "2", "3", "4"], response.Messages.Select(m => ParseProbe(m).Service));
        Assert.Equal("0", response.Trailers.GetValues("grpc-status").Single());
        Assert.Equal("5", response.Trailers.GetValues("count").Single());
    }

    [Fact]
    public async Task ServerStreaming_NoMessages_EndsTrailersOnlyOk()
    {
        var response = await Client.CallAsync("/test.v1.Probe/Count", Request("0"));

        Assert.True(response.IsTrailersOnly);
        Assert.Equal(0, response.GrpcStatus);
        Assert.Equal("0", response.Find("count"));
    }

    [Fact]
    public async Task ServerStreaming_ClientCancels_HandlerTokenFiresAndStreamStops()
    {
        using var cts = new CancellationTokenSource();
        var response = await Client.StartAsync(Client.CreateRequest("/test.v1.Probe/Endless", Request("")), cts.Token);
        var body = await response.Content.ReadAsStreamAsync(cts.Token).WithTimeout();

        var first = await RawGrpcClient.ReadMessageAsync(body, cts.Token);
        var second = await RawGrpcClient.ReadMessageAsync(body, cts.Token);
        await cts.CancelAsync();
        response.Dispose();

        Assert.Equal("0", ParseProbe(first!).Service);
        Assert.Equal("1", ParseProbe(second!).Service);
        var written = await Probe.EndlessStopped.Task.WithTimeout();
        Assert.True(written >= 2);
        await AssertEchoStillWorksAsync();
    }
}

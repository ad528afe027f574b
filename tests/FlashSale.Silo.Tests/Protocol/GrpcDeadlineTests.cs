using Grpc.Core;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.Protocol;

public sealed class GrpcDeadlineTests : GrpcServerTestBase
{
    [Fact]
    public async Task Deadline_ShorterThanSlowHandler_EndsWithDeadlineExceededAndFiresToken()
    {
        var response = await Client.CallAsync("/test.v1.Probe/Slow", Request("x"), timeout: "200m");

        Assert.Equal((int)StatusCode.DeadlineExceeded, response.GrpcStatus);
        Assert.True(response.IsTrailersOnly);
        await Probe.TokenFired.Task.WithTimeout();
    }

    [Fact]
    public async Task Deadline_HandlerIgnoresToken_ClientStillGetsDeadlineExceeded()
    {
        var response = await Client.CallAsync("/test.v1.Probe/IgnoreToken", Request("x"), timeout: "200000u");

        Assert.Equal((int)StatusCode.DeadlineExceeded, response.GrpcStatus);
        Assert.False(Probe.IgnoringHandlerFinished.Task.IsCompleted);
        await Probe.TokenFired.Task.WithTimeout();
        Probe.Release.SetResult();
        await Probe.IgnoringHandlerFinished.Task.WithTimeout();
        await AssertEchoStillWorksAsync();
    }

    [Fact]
    public async Task Deadline_StreamOutlivesIt_EndsWithDeadlineExceededTrailers()
    {
        // 3 s: the first message must be out before the deadline, even on a loaded machine.
        var response = await Client.CallAsync("/test.v1.Probe/Endless", Request("x"), timeout: "3S");

        Assert.NotEmpty(response.Messages);
        Assert.False(response.IsTrailersOnly);
        Assert.Equal("4", response.Trailers.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task Deadline_GenerousTimeout_CallSucceeds()
    {
        var response = await Client.CallAsync(EchoPath, Request("x"), timeout: "30S");

        Assert.Equal(0, response.GrpcStatus);
        Assert.Single(response.Messages);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("123456789S")]
    [InlineData("10x")]
    public async Task Deadline_MalformedTimeout_IsIgnoredAndCallSucceeds(string timeout)
    {
        var response = await Client.CallAsync(EchoPath, Request("x"), timeout: timeout);

        Assert.Equal(0, response.GrpcStatus);
        Assert.Equal("echo:x", ParseProbe(Assert.Single(response.Messages)).Service);
    }
}

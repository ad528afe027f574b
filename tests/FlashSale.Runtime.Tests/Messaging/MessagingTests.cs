using FlashSale.Internal.V1;
using FlashSale.Runtime.Messaging;
using FlashSale.Runtime.Tests.TestGrains;
using FlashSale.Testing;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Runtime.Tests.Messaging;

public sealed class MessagingTests
{
    [Fact]
    public async Task LocalCall_WithSerializeLocalCalls_WorksOnACopyOfTheRequest()
    {
        var probe = new Probe();
        await using var host = await TestRuntime.StartAsync(probe, options: o => o.SerializeLocalCalls = true);
        var request = new StringValue { Value = "hello" };

        var reply = await host.Counter("wire").Echo(request).WithTimeout();
        await host.Counter("wire").Add(new Int32Value { Value = 3 }).WithTimeout();

        Assert.Equal("wire:hello", reply.Value);
        Assert.Equal(3, (await host.Counter("wire").Get(new Empty()).WithTimeout()).Value);
        var seen = Assert.IsType<StringValue>(probe.Requests.First());
        Assert.Equal(request, seen);
        Assert.NotSame(request, seen);
    }

    [Fact]
    public async Task LocalCall_Default_PassesTheRequestObject()
    {
        var probe = new Probe();
        await using var host = await TestRuntime.StartAsync(probe);
        var request = new StringValue { Value = "hello" };

        await host.Counter("direct").Echo(request).WithTimeout();

        Assert.Same(request, probe.Requests.First());
    }

    [Fact]
    public async Task Dispatcher_GrainCall_RoundTripsThroughTheMailbox()
    {
        await using var host = await TestRuntime.StartAsync(new Probe());
        var call = new GrainCall
        {
            GrainType = "counter",
            GrainKey = "remote",
            MethodId = CounterGrainMethods.Add.Id,
            Argument = new Int32Value { Value = 5 }.ToByteString(),
            TimeoutMs = 30_000,
        };

        var result = await host.Runtime.Dispatcher.DispatchAsync(call).WithTimeout();

        Assert.Equal(GrainCallResult.OutcomeOneofCase.Response, result.OutcomeCase);
        Assert.Equal(5, Int64Value.Parser.ParseFrom(result.Response).Value);
        Assert.Equal(5, (await host.Counter("remote").Get(new Empty()).WithTimeout()).Value);
    }

    [Fact]
    public async Task Dispatcher_UnknownMethod_ReturnsNotFoundFault()
    {
        await using var host = await TestRuntime.StartAsync(new Probe());

        var result = await host.Runtime.Dispatcher.DispatchAsync(new GrainCall { GrainType = "counter", GrainKey = "x", MethodId = 99 }).WithTimeout();

        Assert.Equal(GrainCallFaults.NotFound, result.Fault.Kind);
    }

    [Fact]
    public async Task Dispatcher_WhenGrainThrows_ReturnsFaultInsteadOfThrowing()
    {
        var probe = new Probe { FailActivations = 1 };
        await using var host = await TestRuntime.StartAsync(probe);
        var call = new GrainCall { GrainType = "counter", GrainKey = "broken", MethodId = CounterGrainMethods.Get.Id, Argument = new Empty().ToByteString() };

        var result = await host.Runtime.Dispatcher.DispatchAsync(call).WithTimeout();

        Assert.Equal(GrainCallFaults.Internal, result.Fault.Kind);
    }
}

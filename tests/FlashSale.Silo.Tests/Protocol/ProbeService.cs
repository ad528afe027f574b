using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;

namespace FlashSale.Silo.Tests.Protocol;

/// <summary>
/// A test-only service without a .proto: bound by hand through grpc-dotnet's
/// <see cref="BindServiceMethodAttribute"/> and <see cref="ServiceBinderBase"/> (the shape
/// Grpc.Tools generates); it reuses the health request message (one string field) as a
/// general-purpose payload. grpc-dotnet calls the methods through their virtual slots (as it does
/// for a generated base's overrides), hence not sealed and virtual. Registered as a DI singleton, so its completion sources are shared.
/// </summary>
[BindServiceMethod(typeof(ProbeService), nameof(BindService))]
internal class ProbeService
{
    public const string Name = "test.v1.Probe";

    /// <summary>Completes when a handler's cancellation token fired.</summary>
    public TaskCompletionSource TokenFired { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Released by the test to let <see cref="IgnoreToken"/> return.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when <see cref="IgnoreToken"/> returned.</summary>
    public TaskCompletionSource IgnoringHandlerFinished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the number of messages written when <see cref="Endless"/> stopped.</summary>
    public TaskCompletionSource<int> EndlessStopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static readonly Marshaller<HealthCheckRequest> Payload =
        Marshallers.Create(m => m.ToByteArray(), HealthCheckRequest.Parser.ParseFrom);

    /// <summary>Called by grpc-dotnet with a null <paramref name="service"/>: it only needs each
    /// method's name and signature, and calls the DI instance per call.</summary>
    public static void BindService(ServiceBinderBase binder, ProbeService? service)
    {
        binder.AddMethod(Unary(nameof(Echo)), service is null ? null : service.Echo);
        binder.AddMethod(Unary(nameof(Fail)), service is null ? null : service.Fail);
        binder.AddMethod(Unary(nameof(Throw)), service is null ? null : service.Throw);
        binder.AddMethod(Unary(nameof(Overload)), service is null ? null : service.Overload);
        binder.AddMethod(Unary(nameof(Slow)), service is null ? null : service.Slow);
        binder.AddMethod(Unary(nameof(IgnoreToken)), service is null ? null : service.IgnoreToken);
        binder.AddMethod(Streaming(nameof(Count)), service is null ? null : service.Count);
        binder.AddMethod(Streaming(nameof(Endless)), service is null ? null : service.Endless);
    }

    private static Method<HealthCheckRequest, HealthCheckRequest> Unary(string name) =>
        new(MethodType.Unary, Name, name, Payload, Payload);

    private static Method<HealthCheckRequest, HealthCheckRequest> Streaming(string name) =>
        new(MethodType.ServerStreaming, Name, name, Payload, Payload);

    public virtual Task<HealthCheckRequest> Echo(HealthCheckRequest request, ServerCallContext context)
    {
        context.ResponseTrailers.Add("echo-peer-known", context.Peer.StartsWith("ipv4:127.0.0.1:", StringComparison.Ordinal) ? "yes" : "no");
        if (context.RequestHeaders.GetValue("x-tag") is { } tag)
        {
            context.ResponseTrailers.Add("seen-x-tag", tag);
        }

        if (context.RequestHeaders.Get("x-data-bin") is { } data)
        {
            context.ResponseTrailers.Add("seen-data-bin", data.ValueBytes);
        }

        return Task.FromResult(new HealthCheckRequest { Service = "echo:" + request.Service });
    }

    /// <summary>Fails with the request's text as the status detail, plus a binary trailer.</summary>
    public virtual Task<HealthCheckRequest> Fail(HealthCheckRequest request, ServerCallContext context) =>
        throw new RpcException(
            new Status(StatusCode.FailedPrecondition, request.Service),
            new Metadata { { "reason-bin", new byte[] { 1, 2, 3 } } });

    /// <summary>Throws Orleans' overload exception (a full grain queue), which the silo's interceptor maps.</summary>
    public virtual Task<HealthCheckRequest> Overload(HealthCheckRequest request, ServerCallContext context) =>
        throw new Orleans.Runtime.LimitExceededException("MaxEnqueuedRequestsHardLimit", 2, 1, "probe/" + request.Service);

    public virtual Task<HealthCheckRequest> Throw(HealthCheckRequest request, ServerCallContext context) =>
        throw new InvalidOperationException("secret-internal-detail " + request.Service);

    /// <summary>Waits for its token; the deadline is what ends it.</summary>
    public virtual async Task<HealthCheckRequest> Slow(HealthCheckRequest request, ServerCallContext context)
    {
        using var registration = context.CancellationToken.Register(() => TokenFired.TrySetResult());
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
        return request;
    }

    /// <summary>Ignores its token until the test releases it, to prove the deadline ends the call anyway.</summary>
    public virtual async Task<HealthCheckRequest> IgnoreToken(HealthCheckRequest request, ServerCallContext context)
    {
        using var registration = context.CancellationToken.Register(() => TokenFired.TrySetResult());
        await Release.Task.WaitAsync(TimeSpan.FromSeconds(30));
        IgnoringHandlerFinished.TrySetResult();
        return request;
    }

    /// <summary>Streams request.Service (a number) messages "0", "1", ... then a custom trailer.</summary>
    public virtual async Task Count(HealthCheckRequest request, IServerStreamWriter<HealthCheckRequest> stream, ServerCallContext context)
    {
        var n = int.Parse(request.Service, CultureInfo.InvariantCulture);
        for (var i = 0; i < n; i++)
        {
            await stream.WriteAsync(new HealthCheckRequest { Service = i.ToString(CultureInfo.InvariantCulture) });
        }

        context.ResponseTrailers.Add("count", n.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Streams until cancelled, then reports how far it got.</summary>
    public virtual async Task Endless(HealthCheckRequest request, IServerStreamWriter<HealthCheckRequest> stream, ServerCallContext context)
    {
        var written = 0;
        try
        {
            while (true)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                await stream.WriteAsync(new HealthCheckRequest { Service = written.ToString(CultureInfo.InvariantCulture) });
                written++;
                await Task.Delay(10, context.CancellationToken);
            }
        }
        finally
        {
            EndlessStopped.TrySetResult(written);
        }
    }
}

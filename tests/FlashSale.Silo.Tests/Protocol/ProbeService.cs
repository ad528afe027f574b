using System.Globalization;
using FlashSale.Silo.Protocol;
using Grpc.Health.V1;

namespace FlashSale.Silo.Tests.Protocol;

/// <summary>
/// A test-only service bound straight through <see cref="ServiceBinder"/>; it reuses the health
/// request message (one string field) as a general-purpose payload.
/// </summary>
internal sealed class ProbeService
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

    public static void Bind(ServiceBinder binder, ProbeService service)
    {
        binder.AddUnaryMethod<HealthCheckRequest, HealthCheckRequest>(Name, nameof(Echo), HealthCheckRequest.Parser, service.Echo);
        binder.AddUnaryMethod<HealthCheckRequest, HealthCheckRequest>(Name, nameof(Fail), HealthCheckRequest.Parser, service.Fail);
        binder.AddUnaryMethod<HealthCheckRequest, HealthCheckRequest>(Name, nameof(Throw), HealthCheckRequest.Parser, service.Throw);
        binder.AddUnaryMethod<HealthCheckRequest, HealthCheckRequest>(Name, nameof(Slow), HealthCheckRequest.Parser, service.Slow);
        binder.AddUnaryMethod<HealthCheckRequest, HealthCheckRequest>(Name, nameof(IgnoreToken), HealthCheckRequest.Parser, service.IgnoreToken);
        binder.AddServerStreamingMethod<HealthCheckRequest, HealthCheckRequest>(Name, nameof(Count), HealthCheckRequest.Parser, service.Count);
        binder.AddServerStreamingMethod<HealthCheckRequest, HealthCheckRequest>(Name, nameof(Endless), HealthCheckRequest.Parser, service.Endless);
    }

    public Task<HealthCheckRequest> Echo(HealthCheckRequest request, ServerCallContext context)
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
    public Task<HealthCheckRequest> Fail(HealthCheckRequest request, ServerCallContext context) =>
        throw new RpcException(
            new Status(StatusCode.FailedPrecondition, request.Service),
            new Metadata().Add("reason-bin", [1, 2, 3]));

    public Task<HealthCheckRequest> Throw(HealthCheckRequest request, ServerCallContext context) =>
        throw new InvalidOperationException("secret-internal-detail " + request.Service);

    /// <summary>Waits for its token; the deadline is what ends it.</summary>
    public async Task<HealthCheckRequest> Slow(HealthCheckRequest request, ServerCallContext context)
    {
        using var registration = context.CancellationToken.Register(() => TokenFired.TrySetResult());
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
        return request;
    }

    /// <summary>Ignores its token until the test releases it, to prove the deadline ends the call anyway.</summary>
    public async Task<HealthCheckRequest> IgnoreToken(HealthCheckRequest request, ServerCallContext context)
    {
        using var registration = context.CancellationToken.Register(() => TokenFired.TrySetResult());
        await Release.Task.WaitAsync(TimeSpan.FromSeconds(30));
        IgnoringHandlerFinished.TrySetResult();
        return request;
    }

    /// <summary>Streams request.Service (a number) messages "0", "1", ... then a custom trailer.</summary>
    public async Task Count(HealthCheckRequest request, IServerStreamWriter<HealthCheckRequest> stream, ServerCallContext context)
    {
        var n = int.Parse(request.Service, CultureInfo.InvariantCulture);
        for (var i = 0; i < n; i++)
        {
            await stream.WriteAsync(new HealthCheckRequest { Service = i.ToString(CultureInfo.InvariantCulture) });
        }

        context.ResponseTrailers.Add("count", n.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Streams until cancelled, then reports how far it got.</summary>
    public async Task Endless(HealthCheckRequest request, IServerStreamWriter<HealthCheckRequest> stream, ServerCallContext context)
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

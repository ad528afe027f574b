using Grpc.Core;
using Grpc.Core.Interceptors;

namespace FlashSale.Silo.Interceptors;

/// <summary>
/// Ends long-lived calls (server streams: WatchRoom, health Watch) as soon as the silo starts
/// shutting down, with UNAVAILABLE, so clients reconnect elsewhere and the host does not wait out
/// its shutdown timeout for streams that would never end by themselves. Unary calls are left to
/// finish.
/// </summary>
public sealed class DrainingInterceptor(IHostApplicationLifetime lifetime) : Interceptor
{
    /// <summary>The status of a stream ended by the shutdown.</summary>
    public static readonly Status ShuttingDown = new(StatusCode.Unavailable, "The server is shutting down.");

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var stopping = lifetime.ApplicationStopping;
        if (stopping.IsCancellationRequested)
        {
            throw new RpcException(ShuttingDown);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, stopping);
        try
        {
            await continuation(request, responseStream, new LinkedCallContext(context, linked.Token)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException && stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(ShuttingDown);
        }

        if (stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // The handler returned quietly when its token fired (as health Watch does).
            throw new RpcException(ShuttingDown);
        }
    }

    /// <summary>The call's own context with a cancellation token that also fires on shutdown.</summary>
    private sealed class LinkedCallContext(ServerCallContext inner, CancellationToken token) : ServerCallContext
    {
        protected override string MethodCore => inner.Method;

        protected override string HostCore => inner.Host;

        protected override string PeerCore => inner.Peer;

        protected override DateTime DeadlineCore => inner.Deadline;

        protected override Metadata RequestHeadersCore => inner.RequestHeaders;

        protected override CancellationToken CancellationTokenCore => token;

        protected override Metadata ResponseTrailersCore => inner.ResponseTrailers;

        protected override Status StatusCore
        {
            get => inner.Status;
            set => inner.Status = value;
        }

        protected override WriteOptions? WriteOptionsCore
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        protected override AuthContext AuthContextCore => inner.AuthContext;

        protected override IDictionary<object, object> UserStateCore => inner.UserState;

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
            inner.CreatePropagationToken(options);

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) =>
            inner.WriteResponseHeadersAsync(responseHeaders);
    }
}

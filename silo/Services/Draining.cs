using Grpc.Core;

namespace FlashSale.Silo.Services;

/// <summary>
/// Ends long-lived calls (server streams: WatchRoom, health Watch) as soon as the silo starts
/// shutting down, with UNAVAILABLE, so clients reconnect elsewhere and the host does not wait out
/// its shutdown timeout for streams that would never end by themselves. Unary calls are left to
/// finish. (Not an interceptor: grpc-dotnet needs its own call context to reach the service, and
/// only a substitute context can carry a token that also fires on shutdown.)
/// </summary>
internal static class Draining
{
    /// <summary>The status of a stream ended by the shutdown.</summary>
    public static readonly Status ShuttingDown = new(StatusCode.Unavailable, "The server is shutting down.");

    /// <summary>Runs <paramref name="stream"/> with a context whose token also fires when
    /// <paramref name="stopping"/> does, and ends the call UNAVAILABLE if that is what stopped it.</summary>
    public static async Task RunAsync(ServerCallContext context, CancellationToken stopping, Func<ServerCallContext, Task> stream)
    {
        if (stopping.IsCancellationRequested)
        {
            throw new RpcException(ShuttingDown);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, stopping);
        try
        {
            await stream(new LinkedCallContext(context, linked.Token)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException && stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(ShuttingDown);
        }

        if (stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // The stream returned quietly when its token fired (as health Watch does).
            throw new RpcException(ShuttingDown);
        }
    }

    /// <summary>The call's own context with another cancellation token.</summary>
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

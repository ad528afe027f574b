using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace FlashSale.Client;

/// <summary>Performs unary and server-streaming gRPC calls on a <see cref="FlashSaleChannel"/>.
/// Failures surface as <see cref="FlashSaleRpcException"/>.</summary>
public sealed class CallInvoker
{
    private readonly FlashSaleChannel _channel;

    internal CallInvoker(FlashSaleChannel channel) => _channel = channel;

    /// <summary>The channel this invoker calls through.</summary>
    public FlashSaleChannel Channel => _channel;

    /// <summary>Sends one request and returns the one reply; with <see cref="FlashSaleChannelOptions.Retry"/>
    /// set, UNAVAILABLE and RESOURCE_EXHAUSTED are retried with the same request object.</summary>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        Method<TRequest, TResponse> method,
        TRequest request,
        CallOptions options = default,
        CancellationToken cancellationToken = default)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        return _channel.Retry is { } retry
            ? await retry.UnaryAsync(this, method, request, options, cancellationToken).ConfigureAwait(false)
            : await AttemptAsync(method, request, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One attempt of a unary call, without retries.</summary>
    internal async Task<TResponse> AttemptAsync<TRequest, TResponse>(
        Method<TRequest, TResponse> method,
        TRequest request,
        CallOptions options,
        CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        using var call = new GrpcCall<TRequest, TResponse>(_channel, method, options, _channel.Options.DefaultTimeout, cancellationToken);
        await call.StartAsync(request).ConfigureAwait(false);
        var reply = await call.ReadNextAsync().ConfigureAwait(false)
            ?? throw new FlashSaleRpcException(RpcStatusCode.Internal, "The server ended a unary call without a reply message.");
        if (await call.ReadNextAsync().ConfigureAwait(false) is not null)
        {
            throw new FlashSaleRpcException(RpcStatusCode.Internal, "The server sent more than one reply to a unary call.");
        }

        return reply;
    }

    /// <summary>Sends one request and yields replies until the server ends the stream. Only an explicit
    /// timeout or deadline in <paramref name="options"/> applies: the channel's default does not.</summary>
    public IAsyncEnumerable<TResponse> ServerStreaming<TRequest, TResponse>(
        Method<TRequest, TResponse> method,
        TRequest request,
        CallOptions options = default,
        CancellationToken cancellationToken = default)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        return Stream(method, request, options, cancellationToken);
    }

    private async IAsyncEnumerable<TResponse> Stream<TRequest, TResponse>(
        Method<TRequest, TResponse> method,
        TRequest request,
        CallOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        using var call = new GrpcCall<TRequest, TResponse>(_channel, method, options, defaultTimeout: null, cancellationToken);
        await call.StartAsync(request).ConfigureAwait(false);
        while (await call.ReadNextAsync().ConfigureAwait(false) is { } reply)
        {
            yield return reply;
        }
    }
}

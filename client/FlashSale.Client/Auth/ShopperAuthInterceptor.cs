using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace FlashSale.Client;

/// <summary>Adds <c>authorization: Bearer &lt;shopper token&gt;</c> to Shop calls that carry none: the
/// token of the request's <c>user_id</c> from <see cref="FlashSaleChannelOptions.ShopperTokenProvider"/>,
/// else <see cref="FlashSaleChannelOptions.ShopperToken"/>. Other services' calls pass unchanged.</summary>
internal sealed class ShopperAuthInterceptor(FlashSaleChannelOptions options) : Interceptor
{
    private const string ShopService = "flashsale.v1.Shop";

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithToken(request, context));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithToken(request, context));

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithToken(request, context));

    private ClientInterceptorContext<TRequest, TResponse> WithToken<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        if (context.Method.ServiceName != ShopService || context.Options.Headers?.Get("authorization") is not null)
        {
            return context;
        }

        var userId = UserIdOf(request);
        var token = (userId is { Length: > 0 } ? options.ShopperTokenProvider?.Invoke(userId) : null) ?? options.ShopperToken;
        if (string.IsNullOrEmpty(token))
        {
            return context;
        }

        var headers = new Metadata();
        foreach (var entry in context.Options.Headers ?? [])
        {
            headers.Add(entry);
        }

        headers.Add("authorization", "Bearer " + token);
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }

    private static string? UserIdOf(object request) =>
        request is IMessage message && message.Descriptor.FindFieldByName("user_id") is { } field
            ? field.Accessor.GetValue(message) as string
            : null;
}

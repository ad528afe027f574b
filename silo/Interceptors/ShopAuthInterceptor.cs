using FlashSale.Silo.Auth;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace FlashSale.Silo.Interceptors;

/// <summary>Authenticates the shopper on every Shop method that needs it (see
/// <see cref="ShopperAuthenticator"/>) before the method — and the rate limit charged to its user —
/// runs. Public reads pass without an await.</summary>
public sealed class ShopAuthInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var userId = UserIdField.Of(request);
        return ShopperAuthenticator.Requires(context.Method, userId)
            ? AuthenticatedAsync(request, context, userId, continuation)
            : continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var userId = UserIdField.Of(request);
        if (ShopperAuthenticator.Requires(context.Method, userId))
        {
            await ShopperAuthenticator.DemandAsync(context, userId).ConfigureAwait(false);
        }

        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    private static async Task<TResponse> AuthenticatedAsync<TRequest, TResponse>(
        TRequest request, ServerCallContext context, string? userId, UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        await ShopperAuthenticator.DemandAsync(context, userId).ConfigureAwait(false);
        return await continuation(request, context).ConfigureAwait(false);
    }
}

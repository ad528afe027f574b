using FlashSale.Silo.Services;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace FlashSale.Silo.Interceptors;

/// <summary>Demands the admin bearer token on every <c>flashsale.v1.Admin</c> method (missing →
/// UNAUTHENTICATED, wrong → PERMISSION_DENIED) before the method runs; other services pass.</summary>
public sealed class AdminAuthInterceptor(AdminAuthorizer authorizer) : Interceptor
{
    private const string AdminPrefix = "/flashsale.v1.Admin/";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (IsAdmin(context))
        {
            authorizer.Demand(context);
        }

        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (IsAdmin(context))
        {
            authorizer.Demand(context);
        }

        return continuation(request, responseStream, context);
    }

    private static bool IsAdmin(ServerCallContext context) =>
        context.Method.StartsWith(AdminPrefix, StringComparison.Ordinal);
}

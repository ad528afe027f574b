using FlashSale.Api.V1;
using FlashSale.Silo.AntiAbuse;
using FlashSale.Silo.Services;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace FlashSale.Silo.Interceptors;

/// <summary>
/// Runs <see cref="AntiAbuseGuard"/> on the shopper's acting calls (those
/// <see cref="RateLimitInterceptor.UserOf"/> names a user for: Grab, Pay, CancelOrder, ClaimCoupon),
/// before the rate limit, so a blocked caller spends no quota. A call whose user_id is not a valid
/// id is left to the method, which rejects it with INVALID_ARGUMENT.
/// </summary>
public sealed class AntiAbuseInterceptor(AntiAbuseGuard guard) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!guard.IsEnabled || RateLimitInterceptor.UserOf(request) is not { } userId || !Validate.IsId(userId))
        {
            return continuation(request, context);
        }

        var dropId = request is GrabRequest grab && Validate.IsId(grab.DropId) ? grab.DropId : null;
        var check = guard.CheckAsync(userId, dropId, context);
        return check.IsCompletedSuccessfully ? continuation(request, context) : ContinueAsync(check, request, context, continuation);
    }

    private static async Task<TResponse> ContinueAsync<TRequest, TResponse>(
        ValueTask check, TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        await check.ConfigureAwait(false);
        return await continuation(request, context).ConfigureAwait(false);
    }
}

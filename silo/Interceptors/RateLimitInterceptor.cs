using FlashSale.Api.V1;
using FlashSale.Silo.RateLimiting;
using FlashSale.Silo.Services;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace FlashSale.Silo.Interceptors;

/// <summary>
/// Charges the shopper's mutating calls (Grab, Pay, CancelOrder, ClaimCoupon) to their user and
/// client address through <see cref="ShopRateLimiter"/>, which rejects a call past a limit with
/// RESOURCE_EXHAUSTED. A call whose user_id is not a valid id is not charged: the method rejects
/// it with INVALID_ARGUMENT anyway.
/// </summary>
public sealed class RateLimitInterceptor(ShopRateLimiter limits) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (UserOf(request) is { } userId && Validate.IsId(userId))
        {
            await limits.CheckAsync(userId, context).ConfigureAwait(false);
        }

        return await continuation(request, context).ConfigureAwait(false);
    }

    /// <summary>The user a rate-limited request is charged to; null for requests that are not limited.</summary>
    internal static string? UserOf(object request) => request switch
    {
        GrabRequest r => r.UserId,
        PayRequest r => r.UserId,
        CancelOrderRequest r => r.UserId,
        ClaimCouponRequest r => r.UserId,
        ReturnOrderRequest r => r.UserId,
        ClaimEnvelopeRequest r => r.UserId,
        _ => null,
    };
}

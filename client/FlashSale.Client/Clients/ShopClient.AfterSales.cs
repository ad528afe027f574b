using FlashSale.Api.V1;

namespace FlashSale.Client;

public sealed partial class ShopClient
{
    /// <summary>Returns a paid order within the return window (7 days by default, no reason); the amount
    /// paid goes back to the wallet. Safe to retry: the wallet is refunded once.</summary>
    public async Task<ReturnOrderReply> ReturnOrderAsync(ReturnOrderRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.IdempotencyKey = IdempotencyKeys.Ensure(request.IdempotencyKey);
        return await Generated.ReturnOrderAsync(request, Unary(options, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Claims one envelope of a red-envelope rain (once per user; a retry answers
    /// ALREADY_CLAIMED with the same amount).</summary>
    public async Task<ClaimEnvelopeReply> ClaimEnvelopeAsync(ClaimEnvelopeRequest request, FlashSaleCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.IdempotencyKey = IdempotencyKeys.Ensure(request.IdempotencyKey);
        return await Generated.ClaimEnvelopeAsync(request, Unary(options, cancellationToken)).ConfigureAwait(false);
    }
}

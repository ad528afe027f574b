using FlashSale.Api.V1;
using FlashSale.Grains.Protos;

namespace FlashSale.Grains.Shoppers;

internal sealed partial class ShopperGrain
{
    public async Task<CancelOrderReply> Cancel(CancelOrderRequest request, CancellationToken cancellationToken = default)
    {
        var current = await GetOrderAsync(request.OrderId, cancellationToken);
        if (current.Result != ResultCode.Ok)
        {
            throw new EntityNotFoundException("order", request.OrderId);
        }

        var reply = await OwnerOf(request.OrderId)
            .Cancel(new OrderRef { OrderId = request.OrderId }, cancellationToken);
        if (reply.Result is ResultCode.Ok or ResultCode.OrderExpired)
        {
            await ReleaseCouponsAsync(request.OrderId, cancellationToken);
        }

        return new CancelOrderReply { Result = reply.Result, Order = reply.Order };
    }

    public async Task<RefundOrderReply> Refund(RefundOrderRequest request, CancellationToken cancellationToken = default)
    {
        var current = await GetOrderAsync(request.OrderId, cancellationToken);
        if (current.Result != ResultCode.Ok)
        {
            throw new EntityNotFoundException("order", request.OrderId);
        }

        var marked = await OwnerOf(request.OrderId)
            .MarkRefunded(new OrderRef { OrderId = request.OrderId }, cancellationToken);
        if (marked.Result != ResultCode.Ok)
        {
            return new RefundOrderReply { Result = marked.Result, Order = marked.Order };
        }

        // Runs again on every retry: the wallet refunds an order at most once, so a retry after a
        // crash between the two steps completes the refund instead of losing it.
        await GrainFactory.Resolve<IWalletGrain>(UserId)
            .Refund(new WalletRefund { OrderId = request.OrderId, Amount = marked.Order.PaidAmount }, cancellationToken);
        return new RefundOrderReply { Result = ResultCode.Ok, Order = marked.Order };
    }

    /// <summary>Returns to their owner the coupons any payment attempt redeemed for the order.</summary>
    private async Task ReleaseCouponsAsync(string orderId, CancellationToken cancellationToken)
    {
        var coupons = State.Payments.Values
            .Where(p => p.OrderId == orderId && p.CouponId.Length > 0)
            .Select(p => p.CouponId)
            .Distinct(StringComparer.Ordinal);
        foreach (var couponId in coupons)
        {
            await ReleaseCouponAsync(couponId, orderId, cancellationToken);
        }
    }

    private async Task ReleaseCouponAsync(string couponId, string orderId, CancellationToken cancellationToken)
    {
        if (CouponId.TryParse(couponId, out var poolId, out _))
        {
            await GrainFactory.Resolve<ICouponPoolGrain>(poolId)
                .Release(new CouponRelease { UserId = UserId, OrderId = orderId }, cancellationToken);
        }
    }
}

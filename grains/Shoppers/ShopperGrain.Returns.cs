using FlashSale.Api.V1;
using FlashSale.Grains.Protos;

namespace FlashSale.Grains.Shoppers;

// 7-day returns: the drop marks the order Returned (within the window), then the wallet refunds
// what the order's debit took — the amount paid, so a coupon's discount is not paid out and the
// coupon itself is not restored (it was spent on the order). Both steps are idempotent by order id;
// the return is recorded before the first, so a crash between them is finished on the next
// activation (or the next retry) instead of leaving a returned order unrefunded (invariant 4).
internal sealed partial class ShopperGrain
{
    public async Task<ReturnOrderReply> Return(ReturnOrderRequest request, CancellationToken cancellationToken = default)
    {
        await ResumeReturnsAsync();
        var current = await GetOrderAsync(request.OrderId, cancellationToken);
        if (current.Result != ResultCode.Ok)
        {
            throw new EntityNotFoundException("order", request.OrderId);
        }

        if (current.Order.State is not (OrderState.Paid or OrderState.Returned))
        {
            return new ReturnOrderReply { Result = ResultCode.NotRefundable, Order = current.Order };
        }

        State.PendingReturns.Add(request.OrderId);
        await PersistAsync(cancellationToken);

        // From here on the return finishes even if the caller gives up; after a crash the resume
        // reminder (shared with payments) finishes it even if the user never comes back.
        await SetReminderAsync(ResumeReminder, Time.GetUtcNow() + ResumeAfter, CancellationToken.None);
        return await FinishReturnAsync(request.OrderId, CancellationToken.None);
    }

    private async Task<ReturnOrderReply> FinishReturnAsync(string orderId, CancellationToken cancellationToken)
    {
        // The order's owner: a bucket's order ("{dropId}~{i}/{n}") is the bucket's to mark.
        var marked = await OwnerOf(orderId)
            .MarkReturned(new ReturnOrder { OrderId = orderId, UserId = UserId }, cancellationToken);
        var reply = new ReturnOrderReply { Result = marked.Result, Order = marked.Order };
        if (marked.Result == ResultCode.Ok)
        {
            var refund = await GrainFactory.Resolve<IWalletGrain>(UserId)
                .Refund(new WalletRefund { OrderId = orderId, Amount = marked.Order.PaidAmount }, cancellationToken);
            reply.RefundedAmount = marked.Order.PaidAmount;
            reply.Balance = refund.Balance;
        }
        else if (marked.Result == ResultCode.Unspecified)
        {
            reply.Result = ResultCode.NotRefundable;
        }

        State.PendingReturns.Remove(orderId);
        await PersistAsync(cancellationToken);
        return reply;
    }

    private async Task ResumeReturnsAsync()
    {
        foreach (var orderId in State.PendingReturns.Distinct(StringComparer.Ordinal).ToList())
        {
            await FinishReturnAsync(orderId, CancellationToken.None);
        }
    }
}

using FlashSale.Api.V1;
using FlashSale.Grains.Protos;

namespace FlashSale.Grains.Shoppers;

// The payment saga: redeem coupon → debit wallet → confirm order. Every step is idempotent by
// order id, so an unfinished saga is simply run again from the start; it is recorded before its
// first side effect, so a crash can never leave money taken for an unpaid order (invariant 4).
internal sealed partial class ShopperGrain
{
    public async Task<PayReply> Pay(PayRequest request, CancellationToken cancellationToken = default)
    {
        // Earlier sagas finish first, so a new attempt never races an interrupted one.
        await ResumePaymentsAsync();
        var key = request.IdempotencyKey.Length > 0 ? request.IdempotencyKey : $"order:{request.OrderId}";
        if (State.Payments.TryGetValue(key, out var recorded))
        {
            return recorded.OrderId == request.OrderId && recorded.CouponId == request.CouponId
                ? Answer(recorded)
                : new PayReply { Result = ResultCode.IdempotencyKeyReused };
        }

        var current = await GetOrderAsync(request.OrderId, cancellationToken);
        if (current.Result != ResultCode.Ok)
        {
            throw new EntityNotFoundException("order", request.OrderId);
        }

        if (current.Order.State != OrderState.PendingPayment)
        {
            var refusal = current.Order.State == OrderState.Expired ? ResultCode.OrderExpired : ResultCode.OrderNotPending;
            return new PayReply { Result = refusal, Order = current.Order };
        }

        var payment = new PaymentRecord
        {
            IdempotencyKey = key,
            OrderId = request.OrderId,
            CouponId = request.CouponId,
            Total = current.Order.TotalAmount,
        };
        State.Payments[key] = payment;
        await PersistAsync(cancellationToken);

        // From here on the saga must finish even if the caller gives up (deadline, disconnect):
        // a debit stranded without its confirmation would break invariant 4 until the user came
        // back. The reminder finishes it after a crash even if the user never returns.
        await SetReminderAsync(ResumeReminder, Time.GetUtcNow() + ResumeAfter, CancellationToken.None);
        await RunAsync(payment, CancellationToken.None);
        return Answer(payment);
    }

    private async Task RunAsync(PaymentRecord payment, CancellationToken cancellationToken)
    {
        var drop = OwnerOf(payment.OrderId);
        var wallet = GrainFactory.Resolve<IWalletGrain>(UserId);

        var discount = 0L;
        if (payment.CouponId.Length > 0)
        {
            var redeemed = await RedeemAsync(payment, cancellationToken);
            if (redeemed.Result != ResultCode.Ok)
            {
                await FinishAsync(payment, ResultCode.CouponNotApplicable, null, null, cancellationToken);
                return;
            }

            discount = redeemed.DiscountAmount;
        }

        payment.Discount = discount;
        var debit = await wallet.Debit(new WalletDebit { OrderId = payment.OrderId, Amount = payment.Total - discount }, cancellationToken);
        if (debit.Result != ResultCode.Ok)
        {
            await ReleaseCouponAsync(payment.CouponId, payment.OrderId, cancellationToken);
            await FinishAsync(payment, debit.Result, null, debit.Balance, cancellationToken);
            return;
        }

        var confirmed = await drop.ConfirmPayment(
            new ConfirmPayment
            {
                OrderId = payment.OrderId,
                UserId = UserId,
                PaidAmount = payment.Total - discount,
                DiscountAmount = discount,
                CouponId = payment.CouponId,
            },
            cancellationToken);
        if (confirmed.Result == ResultCode.Ok)
        {
            await FinishAsync(payment, ResultCode.Ok, confirmed.Order, debit.Balance, cancellationToken);
            return;
        }

        // The order lapsed (or changed) while we paid: give everything back before answering.
        var refund = await wallet.Refund(new WalletRefund { OrderId = payment.OrderId, Amount = payment.Total - discount }, cancellationToken);
        await ReleaseCouponAsync(payment.CouponId, payment.OrderId, cancellationToken);
        var result = confirmed.Result == ResultCode.Unspecified ? ResultCode.OrderNotPending : confirmed.Result;
        ShopperLog.PaymentCompensated(logger, UserId, payment.OrderId, result.ToString());
        await FinishAsync(payment, result, confirmed.Order, refund.Balance, cancellationToken);
    }

    private async Task<CouponRedeemReply> RedeemAsync(PaymentRecord payment, CancellationToken cancellationToken)
    {
        if (!CouponId.TryParse(payment.CouponId, out var poolId, out _))
        {
            return new CouponRedeemReply { Result = ResultCode.CouponNotApplicable };
        }

        return await GrainFactory.Resolve<ICouponPoolGrain>(poolId).Redeem(
            new CouponRedeem { UserId = UserId, OrderId = payment.OrderId, OrderTotal = payment.Total, CouponId = payment.CouponId },
            cancellationToken);
    }
}

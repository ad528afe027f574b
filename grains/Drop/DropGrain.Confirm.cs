using FlashSale.Api.V1;
using FlashSale.Grains.Protos;

namespace FlashSale.Grains.Drop;

// Payments confirm through the drop too; during a drop they arrive between the grabs and share
// their group commit.
internal partial class DropGrain
{
    public async Task<OrderReply> ConfirmPayment(ConfirmPayment request, CancellationToken cancellationToken = default)
    {
        if (TryBucketOfOrder(request.OrderId, out var bucket))
        {
            return await bucket.ConfirmPayment(request, cancellationToken);
        }

        var now = _time.GetUtcNow();

        // A lapsed order is expired before anything else, so paying it answers OrderExpired.
        var changed = IsScheduled && ExpireOverdue(now) > 0;
        var reply = ApplyConfirmation(request, now, ref changed);
        if (!changed)
        {
            await _commit.SettledAsync();
            return reply;
        }

        // Nothing is acknowledged before the write that covers it is durable.
        await PersistAsync(cancellationToken);
        PublishStockLevel();
        return reply;
    }

    private OrderReply ApplyConfirmation(ConfirmPayment request, DateTimeOffset now, ref bool changed)
    {
        if (!TryFindOrder(request.OrderId, request.UserId, out var sequence))
        {
            return new OrderReply { Result = ResultCode.Unspecified };
        }

        ref var order = ref _orders.Get(sequence);
        if (IsLapsed(order, now))
        {
            // Expiry runs oldest first and stops at the first order still in time, so with a clock
            // that stepped back a later order can lapse first: it is expired here, never paid.
            Release(sequence, OrderState.Expired, now);
            changed = true;
        }

        switch (order.State)
        {
            case OrderState.Paid:
                return Reply(ResultCode.Ok, sequence);
            case OrderState.Expired:
                return Reply(ResultCode.OrderExpired, sequence);
            case not OrderState.PendingPayment:
                return Reply(ResultCode.OrderNotPending, sequence);
        }

        order.State = OrderState.Paid;
        order.PaidAmount = request.PaidAmount;
        order.DiscountAmount = request.DiscountAmount;
        _orders.SetCouponId(sequence, request.CouponId);
        order.PaidAtTicks = now.UtcTicks;
        Status.Reserved -= order.Quantity;
        Status.Sold += order.Quantity;
        StageOrderRow(sequence, now);
        changed = true;
        return Reply(ResultCode.Ok, sequence);
    }
}

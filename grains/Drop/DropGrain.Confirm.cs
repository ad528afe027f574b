using FlashSale.Api.V1;
using FlashSale.Grains.Protos;

namespace FlashSale.Grains.Drop;

// Payments confirm through the drop too; during a drop they arrive between the grabs, so they get
// the same group commit: confirmations queued together are applied in order and persisted once.
internal sealed partial class DropGrain
{
    public async Task<OrderReply> ConfirmPayment(ConfirmPayment request, CancellationToken cancellationToken = default)
    {
        var replies = await ApplyConfirmationsAsync([request], cancellationToken);
        return replies[0];
    }

    /// <summary>The batch form of <see cref="ConfirmPayment"/> (group commit).</summary>
    public Task<IReadOnlyList<OrderReply>> ConfirmPaymentBatch(IReadOnlyList<ConfirmPayment> requests, CancellationToken cancellationToken) =>
        ApplyConfirmationsAsync(requests, cancellationToken);

    private async Task<IReadOnlyList<OrderReply>> ApplyConfirmationsAsync(IReadOnlyList<ConfirmPayment> requests, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();

        // A lapsed order is expired before anything else, so paying it answers OrderExpired.
        var changed = IsScheduled && ExpireOverdue(now) > 0;
        var replies = new OrderReply[requests.Count];
        for (var i = 0; i < replies.Length; i++)
        {
            replies[i] = ApplyConfirmation(requests[i], now, ref changed);
        }

        if (changed)
        {
            // Every reply of the batch waits for this one write: nothing is acknowledged before it is durable.
            await PersistAsync(cancellationToken);
            PublishStockLevel();
        }

        return replies;
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

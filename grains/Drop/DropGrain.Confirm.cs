using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

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
        if (!TryFindOrder(request.OrderId, request.UserId, out var entry))
        {
            return new OrderReply { Result = ResultCode.Unspecified };
        }

        var order = entry.Order;
        switch (order.State)
        {
            case OrderState.Paid:
                return Reply(ResultCode.Ok, order);
            case OrderState.Expired:
                return Reply(ResultCode.OrderExpired, order);
            case not OrderState.PendingPayment:
                return Reply(ResultCode.OrderNotPending, order);
        }

        order.State = OrderState.Paid;
        order.PaidAmount = request.PaidAmount;
        order.DiscountAmount = request.DiscountAmount;
        order.CouponId = request.CouponId;
        order.PaidAt = Timestamp.FromDateTimeOffset(now);
        _pending.Remove((order.PaymentDeadline.ToDateTimeOffset().UtcTicks, order.OrderId));
        Status.Reserved -= order.Quantity;
        Status.Sold += order.Quantity;
        StageOrderRow(entry, now);
        changed = true;
        return Reply(ResultCode.Ok, order);
    }
}

using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using Google.Protobuf;

namespace FlashSale.Grains.Drop;

internal sealed partial class DropGrain
{
    public async Task<OrderReply> Cancel(OrderRef request, CancellationToken cancellationToken = default)
    {
        if (!TryFindOrder(request.OrderId, userId: null, out var entry))
        {
            return new OrderReply { Result = ResultCode.Unspecified };
        }

        var order = entry.Order;
        if (order.State == OrderState.Cancelled)
        {
            return Reply(ResultCode.Ok, order);
        }

        var now = _time.GetUtcNow();
        if (order.State == OrderState.PendingPayment && order.PaymentDeadline.ToDateTimeOffset() <= now)
        {
            ExpireOverdue(now);
            await PersistAsync(cancellationToken);
            PublishStockLevel();
            return Reply(ResultCode.OrderExpired, order);
        }

        if (order.State != OrderState.PendingPayment)
        {
            return Reply(order.State == OrderState.Expired ? ResultCode.OrderExpired : ResultCode.OrderNotPending, order);
        }

        Release(entry, OrderState.Cancelled, now);
        await PersistAsync(cancellationToken);
        PublishStockLevel();
        return Reply(ResultCode.Ok, order);
    }

    public async Task<OrderReply> MarkRefunded(OrderRef request, CancellationToken cancellationToken = default)
    {
        if (!TryFindOrder(request.OrderId, userId: null, out var entry))
        {
            return new OrderReply { Result = ResultCode.Unspecified };
        }

        var order = entry.Order;
        switch (order.State)
        {
            case OrderState.Refunded:
                return Reply(ResultCode.Ok, order);
            case OrderState.Paid:
                // Refunded units stay sold: the goods may already be shipped, restocking is manual.
                order.State = OrderState.Refunded;
                StageOrderRow(entry, _time.GetUtcNow());
                await PersistAsync(cancellationToken);
                return Reply(ResultCode.Ok, order);
            default:
                return Reply(ResultCode.NotRefundable, order);
        }
    }

    public Task<OrderReply> GetOrder(OrderRef request, CancellationToken cancellationToken = default)
    {
        if (!TryFindOrder(request.OrderId, userId: null, out var entry))
        {
            return Task.FromResult(new OrderReply { Result = ResultCode.Unspecified });
        }

        return Task.FromResult(new OrderReply { Result = ResultCode.Ok, Order = View(entry.Order, _time.GetUtcNow()) });
    }

    public Task<ListDropOrdersReply> ListOrders(ListDropOrdersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pageSize = DropOrderPages.Size(request.PageSize);
        var dropId = GetPrimaryKeyString();
        if (!DropOrderPages.TryReadToken(request.PageToken, dropId, out var sequence))
        {
            throw new ArgumentException("page_token is not a next_page_token of this drop's orders", "page_token");
        }

        var now = _time.GetUtcNow();
        var reply = new ListDropOrdersReply();
        var bytes = 0;
        var last = sequence;
        while (TryFindNextOrder(ref sequence, out var entry))
        {
            // Only an order that exists beyond the page earns a token, so the last page's is empty.
            var view = View(entry.Order, now);
            var size = 1 + CodedOutputStream.ComputeMessageSize(view);
            if (reply.Orders.Count == pageSize || (reply.Orders.Count > 0 && bytes + size > DropOrderPages.MaxPageBytes))
            {
                reply.NextPageToken = DropOrderPages.Token(dropId, last);
                break;
            }

            reply.Orders.Add(view);
            bytes += size;
            last = sequence;
        }

        return Task.FromResult(reply);
    }

    /// <summary>Advances <paramref name="sequence"/> to the next order's. Order ids are
    /// "{dropId}/{sequence}" with sequences up to NextSequence (activation refuses a row beyond it),
    /// so a page costs a lookup per order; sorting the whole drop per page would make reading a drop
    /// of a million orders page by page quadratic.</summary>
    private bool TryFindNextOrder(ref long sequence, out DropOrderState entry)
    {
        while (sequence < State.NextSequence)
        {
            sequence++;
            if (_orders.TryGetValue(OrderId.Format(Status.DropId, sequence), out entry!))
            {
                return true;
            }
        }

        entry = null!;
        return false;
    }

    private bool TryFindOrder(string orderId, string? userId, out DropOrderState entry)
    {
        if (_orders.TryGetValue(orderId, out entry!) && (string.IsNullOrEmpty(userId) || entry.Order.UserId == userId))
        {
            return true;
        }

        entry = null!;
        return false;
    }

    /// <summary>Moves a pending order to Cancelled or Expired: its units go back to stock and
    /// its user gets the allowance back.</summary>
    private void Release(DropOrderState entry, OrderState newState, DateTimeOffset now)
    {
        var order = entry.Order;
        _pending.Remove((order.PaymentDeadline.ToDateTimeOffset().UtcTicks, order.OrderId));
        order.State = newState;
        Status.Reserved -= order.Quantity;
        Status.Remaining += order.Quantity;
        AddUserUnits(order.UserId, -order.Quantity);
        StageOrderRow(entry, now);
    }

    /// <summary>Read-only calls must not mutate, yet must not show a lapsed order as payable.</summary>
    private static Order View(Order order, DateTimeOffset now)
    {
        var copy = order.Clone();
        if (copy.State == OrderState.PendingPayment && copy.PaymentDeadline.ToDateTimeOffset() <= now)
        {
            copy.State = OrderState.Expired;
        }

        return copy;
    }

    private static OrderReply Reply(ResultCode result, Order order) => new() { Result = result, Order = order.Clone() };
}

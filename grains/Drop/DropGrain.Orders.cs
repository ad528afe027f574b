using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Drop;

internal partial class DropGrain
{
    public async Task<OrderReply> Cancel(OrderRef request, CancellationToken cancellationToken = default)
    {
        if (TryBucketOfOrder(request.OrderId, out var bucket))
        {
            return await bucket.Cancel(request, cancellationToken);
        }

        if (!TryFindOrder(request.OrderId, userId: null, out var sequence))
        {
            return new OrderReply { Result = ResultCode.Unspecified };
        }

        var state = _orders.Get(sequence).State;
        if (state == OrderState.Cancelled)
        {
            return await Settled(Reply(ResultCode.Ok, sequence));
        }

        var now = _time.GetUtcNow();
        if (IsLapsed(_orders.Get(sequence), now))
        {
            Release(sequence, OrderState.Expired, now);
            ExpireOverdue(now);
            await PersistAsync(cancellationToken);
            PublishStockLevel();
            return Reply(ResultCode.OrderExpired, sequence);
        }

        if (state != OrderState.PendingPayment)
        {
            return await Settled(Reply(state == OrderState.Expired ? ResultCode.OrderExpired : ResultCode.OrderNotPending, sequence));
        }

        Release(sequence, OrderState.Cancelled, now);
        await PersistAsync(cancellationToken);
        PublishStockLevel();
        return Reply(ResultCode.Ok, sequence);
    }

    public async Task<OrderReply> MarkRefunded(OrderRef request, CancellationToken cancellationToken = default)
    {
        if (TryBucketOfOrder(request.OrderId, out var bucket))
        {
            return await bucket.MarkRefunded(request, cancellationToken);
        }

        if (!TryFindOrder(request.OrderId, userId: null, out var sequence))
        {
            return new OrderReply { Result = ResultCode.Unspecified };
        }

        switch (_orders.Get(sequence).State)
        {
            case OrderState.Refunded:
                return await Settled(Reply(ResultCode.Ok, sequence));
            case OrderState.Paid:
                // Refunded units stay sold: the goods may already be shipped, restocking is manual.
                _orders.Get(sequence).State = OrderState.Refunded;
                Status.RefundedOrders++;
                StageOrderRow(sequence, _time.GetUtcNow());
                var paused = ApplyRefundRateRule();
                await PersistAsync(cancellationToken);
                AnnouncePause(paused);
                await ReportRefundAsync();
                return Reply(ResultCode.Ok, sequence);
            default:
                return await Settled(Reply(ResultCode.NotRefundable, sequence));
        }
    }

    // Reads answer what they saw once every change they saw is durable (see GroupCommit).
    public async Task<OrderReply> GetOrder(OrderRef request, CancellationToken cancellationToken = default)
    {
        if (TryBucketOfOrder(request.OrderId, out var bucket))
        {
            return await bucket.GetOrder(request, cancellationToken);
        }

        var reply = TryFindOrder(request.OrderId, userId: null, out var sequence)
            ? new OrderReply { Result = ResultCode.Ok, Order = View(sequence, _time.GetUtcNow()) }
            : new OrderReply { Result = ResultCode.Unspecified };
        await _commit.SettledAsync();
        return reply;
    }

    public async Task<ListDropOrdersReply> ListOrders(ListDropOrdersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (IsCoordinator)
        {
            return await ListBucketOrdersAsync(request, cancellationToken);
        }

        var pageSize = DropOrderPages.Size(request.PageSize);
        var dropId = Key;
        if (!DropOrderPages.TryReadToken(request.PageToken, dropId, out var sequence))
        {
            throw new ArgumentException("page_token is not a next_page_token of this drop's orders", "page_token");
        }

        var now = _time.GetUtcNow();
        var reply = new ListDropOrdersReply();
        var bytes = 0;
        var last = sequence;
        while (TryFindNextOrder(ref sequence))
        {
            // Only an order that exists beyond the page earns a token, so the last page's is empty.
            var view = View(sequence, now);
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

        await _commit.SettledAsync();
        return reply;
    }

    /// <summary>Advances <paramref name="sequence"/> to the next order's (sequences run up to
    /// NextSequence: activation refuses a row beyond it), so a page costs a step per order.</summary>
    private bool TryFindNextOrder(ref long sequence)
    {
        while (sequence < State.NextSequence)
        {
            sequence++;
            if (_orders.Contains(sequence))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryFindOrder(string orderId, string? userId, out long sequence)
    {
        // A drop never scheduled has no status to read ids against: it knows no order.
        sequence = IsScheduled ? TrySequenceOf(orderId) : 0;
        if (sequence > 0 && _orders.Contains(sequence) && (string.IsNullOrEmpty(userId) || _orders.IsUser(_orders.Get(sequence), userId)))
        {
            return true;
        }

        sequence = 0;
        return false;
    }

    /// <summary>Moves a pending order to Cancelled or Expired: its units go back to stock and
    /// its user gets the allowance back.</summary>
    private void Release(long sequence, OrderState newState, DateTimeOffset now)
    {
        ref var order = ref _orders.Get(sequence);
        order.State = newState;
        Status.Reserved -= order.Quantity;
        Status.Remaining += order.Quantity;
        _orders.AddUnits(order, -order.Quantity);
        StageOrderRow(sequence, now);
    }

    private static bool IsLapsed(in OrderRecord order, DateTimeOffset now) =>
        order.State == OrderState.PendingPayment && order.DeadlineTicks <= now.UtcTicks;

    /// <summary>Read-only calls must not mutate, yet must not show a lapsed order as payable.</summary>
    private Order View(long sequence, DateTimeOffset now)
    {
        ref var stored = ref _orders.Get(sequence);
        var order = ToOrder(sequence, stored);
        if (IsLapsed(stored, now))
        {
            order.State = OrderState.Expired;
        }

        return order;
    }

    /// <summary>An answer computed now, given once every change it may reflect is durable.</summary>
    private async Task<TReply> Settled<TReply>(TReply reply)
    {
        await _commit.SettledAsync();
        return reply;
    }

    private OrderReply Reply(ResultCode result, long sequence) =>
        new() { Result = result, Order = ToOrder(sequence, _orders.Get(sequence)) };

    /// <summary>The order as the API shows it (a new message the caller may keep).</summary>
    private Order ToOrder(long sequence, in OrderRecord order) =>
        ToOrder(OrderId.Format(Key, sequence), _orders.UserId(order), _orders.CouponId(sequence), order);

    private Order ToOrder(string orderId, string userId, string couponId, in OrderRecord order) => new()
    {
        OrderId = orderId,
        DropId = Status.DropId,
        RoomId = Status.RoomId,
        UserId = userId,
        Quantity = order.Quantity,
        UnitPrice = order.UnitPrice,
        TotalAmount = order.TotalAmount,
        DiscountAmount = order.DiscountAmount,
        PaidAmount = order.PaidAmount,
        State = order.State,
        CreatedAt = ToTimestamp(order.CreatedAtTicks),
        PaymentDeadline = ToTimestamp(order.DeadlineTicks),
        PaidAt = ToTimestamp(order.PaidAtTicks),
        CouponId = couponId,
        Title = Status.Title,
    };

    private static Timestamp? ToTimestamp(long ticks) => ticks == 0 ? null : Timestamp.FromDateTimeOffset(new DateTimeOffset(ticks, TimeSpan.Zero));
}

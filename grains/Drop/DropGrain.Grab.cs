using FlashSale.Api.V1;
using FlashSale.Grains.Protos;

namespace FlashSale.Grains.Drop;

internal partial class DropGrain
{
    private bool TryReplay((string User, string Key) key, int quantity, out GrabReply reply)
    {
        if (_orders.TryFindByKey(key.User, key.Key, out var sequence))
        {
            reply = _orders.Get(sequence).Quantity != quantity
                ? new GrabReply { Result = ResultCode.IdempotencyKeyReused, Remaining = Status.Remaining }
                : new GrabReply { Result = ResultCode.Ok, Order = View(sequence, _time.GetUtcNow()), Remaining = Status.Remaining };
            return true;
        }

        if (_failedGrabs.TryGetValue(key, out var failed))
        {
            reply = failed.Quantity != quantity
                ? new GrabReply { Result = ResultCode.IdempotencyKeyReused, Remaining = Status.Remaining }
                : failed.Reply.Clone();
            return true;
        }

        reply = null!;
        return false;
    }

    private ResultCode Admit(DropGrab request, int quantity, DateTimeOffset now)
    {
        var schedule = State.Schedule;
        if (IsClosed(now))
        {
            return ResultCode.Ended;
        }

        if (now < Status.OpensAt.ToDateTimeOffset())
        {
            if (schedule.EarlyAccessAt is null || now < schedule.EarlyAccessAt.ToDateTimeOffset())
            {
                return ResultCode.NotStarted;
            }

            if (request.TierUnknown)
            {
                // No effect and nothing remembered: the caller asks again with the tier.
                return ResultCode.Unspecified;
            }

            if (request.MemberTier < schedule.EarlyAccessMinTier)
            {
                return ResultCode.EarlyAccessOnly;
            }
        }

        if (quantity > Status.Remaining)
        {
            return ResultCode.SoldOut;
        }

        if (Status.PerUserLimit > 0 && _orders.UnitsOf(request.UserId) + quantity > Status.PerUserLimit)
        {
            return ResultCode.LimitReached;
        }

        return ResultCode.Ok;
    }

    /// <summary>Creates, indexes and stages the order; returns it as the reply shows it.</summary>
    private Order CreateOrder(DropGrab request, int quantity, DateTimeOffset now)
    {
        var sequence = ++State.NextSequence;
        var order = new OrderRecord
        {
            State = OrderState.PendingPayment,
            Quantity = quantity,
            UnitPrice = Status.UnitPrice,
            TotalAmount = Status.UnitPrice * quantity,
            CreatedAtTicks = now.UtcTicks,
            DeadlineTicks = now.AddSeconds(Status.PaymentWindowSeconds).UtcTicks,
        };
        Status.Reserved += quantity;
        Status.Remaining -= quantity;
        _orders.Add(sequence, request.UserId, request.IdempotencyKey, order);
        var orderId = OrderId.Format(Key, sequence);
        StageOrderRow(orderId, request.UserId, request.IdempotencyKey, string.Empty, order, now);
        return ToOrder(orderId, request.UserId, string.Empty, order);
    }

    private void RememberFailure((string User, string Key) key, int quantity, GrabReply reply)
    {
        // Refusals are cheap to recompute and not durable; the cache only bounds retry storms.
        if (_failedGrabs.Count >= FailedKeyCacheLimit)
        {
            _failedGrabs.Clear();
        }

        _failedGrabs[key] = new FailedGrab(quantity, reply.Clone());
    }

    private bool IsClosed(DateTimeOffset now) =>
        State.Closed || (Status.ClosesAt is { } closesAt && now >= closesAt.ToDateTimeOffset());
}

using FlashSale.Api.V1;
using FlashSale.Runtime;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Drop;

internal sealed partial class DropGrain
{
    // The hot path: no grain-to-grain call and at most one state write per grab (per batch of
    // grabs under group commit, see GrabBatch).
    public async Task<GrabReply> Grab(DropGrab request, CancellationToken cancellationToken = default)
    {
        var replies = await ApplyGrabsAsync([request], cancellationToken);
        return replies[0];
    }

    /// <summary>The batch form of <see cref="Grab"/> (group commit): applies the grabs in order with
    /// the same rules as one by one, persists once, then publishes the stock level once.</summary>
    public Task<IReadOnlyList<GrabReply>> GrabBatch(IReadOnlyList<DropGrab> requests, CancellationToken cancellationToken) =>
        ApplyGrabsAsync(requests, cancellationToken);

    private async Task<IReadOnlyList<GrabReply>> ApplyGrabsAsync(IReadOnlyList<DropGrab> requests, CancellationToken cancellationToken)
    {
        if (!IsScheduled)
        {
            throw new EntityNotFoundException("drop", GetPrimaryKeyString());
        }

        var now = _time.GetUtcNow();
        var expired = ExpireOverdue(now) > 0;
        var created = false;
        var replies = new GrabReply[requests.Count];
        for (var i = 0; i < replies.Length; i++)
        {
            replies[i] = ApplyGrab(requests[i], now, ref created);
        }

        if (!created && !expired)
        {
            return replies;
        }

        // Every reply of the batch waits for this one write: nothing is acknowledged before it is durable.
        await PersistAsync(cancellationToken);
        if (created)
        {
            await EnsureDeadlineReminderAsync(cancellationToken);
        }

        PublishStockLevel();
        return replies;
    }

    // In memory only; the caller persists. Earlier grabs of the same batch are already applied, so
    // a user's second grab sees the first one's units and a retried key replays the first answer.
    private GrabReply ApplyGrab(DropGrab request, DateTimeOffset now, ref bool created)
    {
        var quantity = Math.Max(1, request.Quantity);
        var key = (request.UserId, request.IdempotencyKey);
        var hasKey = request.IdempotencyKey.Length > 0;
        if (hasKey && TryReplay(key, quantity, out var replay))
        {
            return replay;
        }

        var result = Admit(request, quantity, now);
        if (result != ResultCode.Ok)
        {
            var refusal = new GrabReply { Result = result, Remaining = Status.Remaining };
            if (hasKey)
            {
                RememberFailure(key, quantity, refusal);
            }

            return refusal;
        }

        var entry = CreateOrder(request, quantity, now);
        created = true;
        return new GrabReply { Result = ResultCode.Ok, Order = entry.Order.Clone(), Remaining = Status.Remaining };
    }

    private bool TryReplay((string User, string Key) key, int quantity, out GrabReply reply)
    {
        if (_grabKeys.TryGetValue(key, out var entry))
        {
            reply = entry.Order.Quantity != quantity
                ? new GrabReply { Result = ResultCode.IdempotencyKeyReused, Remaining = Status.Remaining }
                : new GrabReply { Result = ResultCode.Ok, Order = View(entry.Order, _time.GetUtcNow()), Remaining = Status.Remaining };
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

            if (request.MemberTier < schedule.EarlyAccessMinTier)
            {
                return ResultCode.EarlyAccessOnly;
            }
        }

        if (quantity > Status.Remaining)
        {
            return ResultCode.SoldOut;
        }

        if (Status.PerUserLimit > 0 && UserUnits(request.UserId) + quantity > Status.PerUserLimit)
        {
            return ResultCode.LimitReached;
        }

        return ResultCode.Ok;
    }

    private DropOrderState CreateOrder(DropGrab request, int quantity, DateTimeOffset now)
    {
        var order = new Order
        {
            OrderId = OrderId.Format(Status.DropId, ++State.NextSequence),
            DropId = Status.DropId,
            RoomId = Status.RoomId,
            UserId = request.UserId,
            Quantity = quantity,
            UnitPrice = Status.UnitPrice,
            TotalAmount = Status.UnitPrice * quantity,
            State = OrderState.PendingPayment,
            CreatedAt = Timestamp.FromDateTimeOffset(now),
            PaymentDeadline = Timestamp.FromDateTimeOffset(now.AddSeconds(Status.PaymentWindowSeconds)),
            Title = Status.Title,
        };
        var entry = new DropOrderState { Order = order, IdempotencyKey = request.IdempotencyKey };
        State.Orders.Add(entry);
        Status.Reserved += quantity;
        Status.Remaining -= quantity;
        Index(entry);
        StageOrderRow(order);
        return entry;
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

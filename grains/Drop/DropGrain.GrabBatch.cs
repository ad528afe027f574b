using FlashSale.Api.V1;
using FlashSale.Grains.Protos;

namespace FlashSale.Grains.Drop;

// The hot path: no grain-to-grain call, and the grabs that arrive while a write runs share the
// next one (group commit, see GroupCommit).
internal partial class DropGrain
{
    public async Task<GrabReply> Grab(DropGrab request, CancellationToken cancellationToken = default)
    {
        if (!IsScheduled)
        {
            throw new EntityNotFoundException("drop", GetPrimaryKeyString());
        }

        if (IsCoordinator)
        {
            return await ForwardGrabAsync(request, cancellationToken);
        }

        if (IsBucket && DropBuckets.IndexOf(request.UserId, BucketCount) != BucketIndex)
        {
            // The per-user limit and the idempotency keys hold only if a user has one bucket.
            throw new ArgumentException($"user '{request.UserId}' belongs to another bucket of drop {DropIdOfKey}", nameof(request));
        }

        var now = _time.GetUtcNow();
        var expired = ExpireOverdue(now) > 0;
        var created = false;
        var reply = ApplyGrab(request, now, ref created, final: !IsBucket);
        if (reply is null)
        {
            // A dry bucket is not the drop: other buckets may still hold units (see DropGrain.Transfers.cs).
            (reply, created) = await GrabAfterRefillAsync(request, Math.Max(1, request.Quantity));
        }

        if (!created && !expired)
        {
            // A refusal or a replay changed nothing, but what it saw must be durable before it is told.
            await _commit.SettledAsync();
            return reply;
        }

        // Nothing is acknowledged before the write that covers it is durable.
        await PersistAsync(cancellationToken);
        if (created)
        {
            await EnsureDeadlineReminderAsync(cancellationToken);
        }

        PublishStockLevel();
        return reply;
    }

    // In memory only; the caller persists. Earlier grabs are already applied (durable or not), so a
    // user's second grab sees the first one's units and a retried key replays the first answer.
    // final: false for a bucket's first try, whose SOLD_OUT is not an answer yet: null then, nothing remembered.
    private GrabReply? ApplyGrab(DropGrab request, DateTimeOffset now, ref bool created, bool final = true)
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
            if (!final && result == ResultCode.SoldOut)
            {
                return null;
            }

            var refusal = new GrabReply { Result = result, Remaining = Status.Remaining };

            if (hasKey && result != ResultCode.Unspecified)
            {
                RememberFailure(key, quantity, refusal);
            }

            return refusal;
        }

        var order = CreateOrder(request, quantity, now);
        created = true;
        return new GrabReply { Result = ResultCode.Ok, Order = order, Remaining = Status.Remaining };
    }
}

using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Runtime;

namespace FlashSale.Grains.Drop;

// Group commit: grabs queued together are applied in mailbox order and persisted by one write.
internal sealed partial class DropGrain
{
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

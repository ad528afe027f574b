using FlashSale.Api.V1;
using FlashSale.Grains.Protos;

namespace FlashSale.Grains.Drop;

// Stock moving between buckets. A bucket that cannot serve a grab asks the coordinator before it
// answers SOLD_OUT; the coordinator takes units from its pool, or reclaims them from other buckets,
// and hands them to the dry one. Every unit is always in exactly one place — a bucket's quantity,
// the coordinator's pool, or a transfer the coordinator recorded — so a silo dying mid-transfer
// neither loses nor creates one:
// - the coordinator records a transfer durably (a grant already taken from the pool) before it
//   calls the bucket, and removes it only once the bucket answered;
// - the bucket applies a transfer id once: a grant id it has seen is not added again, and a repeated
//   surrender id answers the units it gave the first time;
// - a recorded transfer is finished (called again) before the coordinator starts another, so a
//   bucket only ever sees ids grow and one last id per direction is all it has to remember.
internal partial class DropGrain
{
    // A dry bucket asks for this share of its initial stock at once, so a wave of grabs does not
    // cost a transfer per grab; a grab stops asking after this many transfers that did not suffice.
    private const int RefillDivisor = 4;
    private const int MaxRefillRounds = 4;

    private Task _transfers = Task.CompletedTask;
    private Task<int>? _refill;

    // ---- coordinator ----

    public Task<StockReply> RequestStock(StockRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsCoordinator || request.Bucket < 0 || request.Bucket >= BucketCount || request.Units <= 0)
        {
            throw new ArgumentException($"drop {Key}: no stock for bucket {request.Bucket}", nameof(request));
        }

        // A paused drop sells nothing, so it moves nothing: the asking bucket missed the pause.
        if (StoredPause.Paused)
        {
            return HandPauseAsync(request.Bucket);
        }

        // One transfer at a time: each step reads the pool and the pending list across awaits.
        var run = AfterTransfersAsync(() => MoveStockAsync(request.Bucket, request.Units));
        _transfers = run;
        return run;
    }

    private async Task<StockReply> AfterTransfersAsync(Func<Task<StockReply>> next)
    {
        try
        {
            await _transfers;
        }
        catch
        {
            // The caller of that transfer got its failure; this one starts over from what is recorded.
        }

        return await next();
    }

    private async Task<StockReply> MoveStockAsync(int bucket, int units)
    {
        await FinishPendingTransfersAsync();
        for (var step = 1; step < BucketCount && State.Pool < units; step++)
        {
            var surrender = Record((bucket + step) % BucketCount, units - State.Pool, surrender: true);
            await PersistAsync();
            await FinishAsync(surrender);
        }

        var granted = Math.Min(State.Pool, units);
        if (granted > 0)
        {
            State.Pool -= granted;
            var grant = Record(bucket, granted, surrender: false);
            await PersistAsync();
            await FinishAsync(grant);
        }

        // The answers recorded above (pool in, transfers done) are worth keeping, not required:
        // replayed, every bucket answers them the same.
        await PersistAsync();
        DropLog.StockMoved(_logger, Key, bucket, granted, State.Pool);
        return new StockReply { Units = granted };
    }

    private async Task FinishPendingTransfersAsync()
    {
        foreach (var transfer in State.PendingTransfers.ToArray())
        {
            await FinishAsync(transfer);
        }
    }

    private StockTransfer Record(int bucket, int units, bool surrender)
    {
        var transfer = new StockTransfer { Id = ++State.LastTransferId, Bucket = bucket, Units = units, Surrender = surrender };
        State.PendingTransfers.Add(transfer);
        return transfer;
    }

    // Called again for a transfer whose answer was lost: both bucket calls are idempotent by id.
    private async Task FinishAsync(StockTransfer transfer)
    {
        var move = new StockMove { TransferId = transfer.Id, Units = transfer.Units };
        if (transfer.Surrender)
        {
            var given = await Bucket(transfer.Bucket).SurrenderStock(move);
            State.Pool += given.Units;
        }
        else
        {
            await Bucket(transfer.Bucket).ReceiveStock(move);
        }

        State.PendingTransfers.Remove(transfer);
    }

    // ---- bucket ----

    public async Task<StockReply> ReceiveStock(StockMove request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireBucket();
        if (request.TransferId <= State.LastGrantId)
        {
            return await Settled(new StockReply { Units = request.Units });
        }

        State.LastGrantId = request.TransferId;
        Status.Quantity += request.Units;
        Status.Remaining += request.Units;
        await PersistAsync(cancellationToken);
        return new StockReply { Units = request.Units };
    }

    public async Task<StockReply> SurrenderStock(StockMove request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireBucket();
        if (request.TransferId <= State.LastSurrenderId)
        {
            return await Settled(new StockReply { Units = request.TransferId == State.LastSurrenderId ? State.LastSurrenderUnits : 0 });
        }

        // Units of lapsed orders count as free here, as they would for a grab.
        ExpireOverdue(_time.GetUtcNow());

        // At most half of what is left (rounded up, so the very last unit can still move): the
        // donor's own users keep a share, and stock does not swing back and forth whole.
        var given = Math.Clamp(Math.Min(request.Units, (Status.Remaining + 1) / 2), 0, Status.Remaining);
        State.LastSurrenderId = request.TransferId;
        State.LastSurrenderUnits = given;
        Status.Quantity -= given;
        Status.Remaining -= given;
        await PersistAsync(cancellationToken);
        return new StockReply { Units = given };
    }

    /// <summary>A grab this bucket cannot serve: asks the coordinator for stock (one request at a
    /// time; grabs that find the bucket dry meanwhile wait for the same one) and tries again, until
    /// the grab is served, refused for another reason, or no bucket had anything left.</summary>
    private async Task<(GrabReply Reply, bool Created)> GrabAfterRefillAsync(DropGrab request, int quantity)
    {
        for (var round = 0; ; round++)
        {
            var granted = await RefillAsync(quantity);
            var created = false;
            var final = granted == 0 || round + 1 == MaxRefillRounds;
            if (ApplyGrab(request, _time.GetUtcNow(), ref created, final) is { } reply)
            {
                return (reply, created);
            }
        }
    }

    private async Task<int> RefillAsync(int units)
    {
        var refill = _refill ??= RequestRefillAsync(units);
        try
        {
            return await refill;
        }
        finally
        {
            if (ReferenceEquals(_refill, refill))
            {
                _refill = null;
            }
        }
    }

    private async Task<int> RequestRefillAsync(int units)
    {
        var want = Math.Max(units, State.Schedule.Quantity / RefillDivisor);
        var reply = await GrainFactory.Resolve<IDropGrain>(DropIdOfKey)
            .RequestStock(new StockRequest { Bucket = BucketIndex, Units = Math.Max(1, want) });
        return reply.Units;
    }

    private void RequireBucket()
    {
        if (!IsBucket || !IsScheduled)
        {
            throw new InvalidOperationException($"drop {Key} is not a scheduled bucket");
        }
    }
}

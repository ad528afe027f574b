using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Drop;

internal partial class DropGrain
{
    public async Task<ScheduleDropReply> Schedule(ScheduleDropRequest request, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        if (IsScheduled)
        {
            var same = State.Schedule.Equals(Normalize(request));
            if (same && IsCoordinator && !State.BucketsScheduled)
            {
                await ScheduleBucketsAsync(cancellationToken);
            }

            return new ScheduleDropReply { Result = same ? ResultCode.Ok : ResultCode.AlreadyExists, Drop = await StatusAsync(now) };
        }

        var schedule = Normalize(request);
        State.Schedule = schedule;
        State.Status = new DropStatus
        {
            DropId = DropIdOfKey,
            RoomId = schedule.RoomId,
            Title = schedule.Title,
            UnitPrice = schedule.UnitPrice,
            Quantity = schedule.Quantity,
            Remaining = schedule.Quantity,
            PerUserLimit = schedule.PerUserLimit,
            OpensAt = schedule.OpensAt ?? Timestamp.FromDateTimeOffset(now),
            ClosesAt = schedule.ClosesAt,
            EarlyAccessAt = schedule.EarlyAccessAt,
            EarlyAccessMinTier = schedule.EarlyAccessMinTier,
            PaymentWindowSeconds = schedule.PaymentWindowSeconds,
        };
        await PersistAsync(cancellationToken);
        if (IsCoordinator)
        {
            await ScheduleBucketsAsync(cancellationToken);
        }

        await ArmTimersAsync(cancellationToken);
        return new ScheduleDropReply { Result = ResultCode.Ok, Drop = await StatusAsync(now) };
    }

    public async Task<DropStatus> Close(Empty request, CancellationToken cancellationToken = default)
    {
        if (IsScheduled && !State.Closed)
        {
            await CloseAsync(cancellationToken);
        }
        else if (IsCoordinator)
        {
            await CloseBucketsAsync(cancellationToken);
        }

        return IsScheduled ? await StatusAsync(_time.GetUtcNow()) : new DropStatus { DropId = Key };
    }

    public Task<DropStatus> GetStatus(Empty request, CancellationToken cancellationToken = default) =>
        IsScheduled ? StatusAsync(_time.GetUtcNow()) : Task.FromResult(new DropStatus { DropId = Key });

    /// <summary>The status as of <paramref name="now"/>: units of orders whose deadline passed
    /// count as remaining even before the expiry reminder ran.</summary>
    private DropStatus Snapshot(DateTimeOffset now)
    {
        var status = Status.Clone();
        var lapsed = 0;
        for (var sequence = _orders.NextPending(); sequence != 0; sequence = _orders.NextPending(sequence))
        {
            ref var order = ref _orders.Get(sequence);
            if (!IsLapsed(order, now))
            {
                break;
            }

            lapsed += order.Quantity;
        }

        status.Reserved -= lapsed;
        status.Remaining += lapsed;
        status.State = StateAt(status, now);
        return status;
    }

    private DropState StateAt(DropStatus status, DateTimeOffset now)
    {
        if (IsClosed(now))
        {
            return DropState.Closed;
        }

        if (status.Remaining == 0)
        {
            return DropState.SoldOut;
        }

        if (now >= status.OpensAt.ToDateTimeOffset())
        {
            return DropState.Open;
        }

        return status.EarlyAccessAt is { } early && now >= early.ToDateTimeOffset() ? DropState.EarlyAccess : DropState.Scheduled;
    }

    private ScheduleDropRequest Normalize(ScheduleDropRequest request)
    {
        var copy = request.Clone();
        copy.DropId = Key;
        if (copy.BucketCount is < 0 or > DropBuckets.MaxBuckets)
        {
            throw new ArgumentOutOfRangeException("bucket_count", copy.BucketCount, $"bucket_count must be between 0 and {DropBuckets.MaxBuckets}");
        }

        // 0 and 1 both mean one grain for the whole drop.
        copy.BucketCount = copy.BucketCount > 1 ? copy.BucketCount : 0;
        if (copy.PaymentWindowSeconds <= 0)
        {
            copy.PaymentWindowSeconds = DefaultPaymentWindowSeconds;
        }

        return copy;
    }
}

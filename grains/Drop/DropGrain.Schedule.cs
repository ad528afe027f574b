using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Drop;

internal sealed partial class DropGrain
{
    public async Task<ScheduleDropReply> Schedule(ScheduleDropRequest request, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        if (IsScheduled)
        {
            var same = State.Schedule.Equals(Normalize(request));
            return new ScheduleDropReply { Result = same ? ResultCode.Ok : ResultCode.AlreadyExists, Drop = Snapshot(now) };
        }

        var schedule = Normalize(request);
        State.Schedule = schedule;
        State.Status = new DropStatus
        {
            DropId = GetPrimaryKeyString(),
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
        await ArmTimersAsync(cancellationToken);
        return new ScheduleDropReply { Result = ResultCode.Ok, Drop = Snapshot(now) };
    }

    public async Task<DropStatus> Close(Empty request, CancellationToken cancellationToken = default)
    {
        if (IsScheduled && !State.Closed)
        {
            await CloseAsync(cancellationToken);
        }

        return Snapshot(_time.GetUtcNow());
    }

    public Task<DropStatus> GetStatus(Empty request, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsScheduled ? Snapshot(_time.GetUtcNow()) : new DropStatus { DropId = GetPrimaryKeyString() });

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

        if (status.Paused)
        {
            return DropState.Paused;
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
        copy.DropId = GetPrimaryKeyString();
        if (copy.PaymentWindowSeconds <= 0)
        {
            copy.PaymentWindowSeconds = DefaultPaymentWindowSeconds;
        }

        return copy;
    }
}

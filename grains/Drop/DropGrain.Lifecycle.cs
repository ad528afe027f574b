using FlashSale.Api.V1;

namespace FlashSale.Grains.Drop;

// Deadlines and open/close times are durable reminders, so they fire even after a restart; the
// countdown is a grain timer because it only matters while someone is watching a live silo.
internal partial class DropGrain
{
    private const string DeadlineReminder = "deadline";
    private const string CountdownReminder = "countdown";
    private const string OpenReminder = "open";
    private const string CloseReminder = "close";
    private static readonly TimeSpan CountdownLead = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CountdownPeriod = TimeSpan.FromSeconds(1);

    private DateTimeOffset? _deadlineReminderAt;
    private IGrainTimer? _countdownTimer;

    protected override async Task OnReminderAsync(string name, CancellationToken cancellationToken)
    {
        if (!IsScheduled)
        {
            return;
        }

        var now = _time.GetUtcNow();
        switch (name)
        {
            case DeadlineReminder:
                _deadlineReminderAt = null;
                if (ExpireOverdue(now) > 0)
                {
                    await PersistAsync(cancellationToken);
                    PublishStockLevel();
                }

                await EnsureDeadlineReminderAsync(cancellationToken);
                break;
            case CountdownReminder when !State.Closed:
                StartCountdown();
                break;
            case OpenReminder:
                await AnnounceOpenAsync(cancellationToken);
                break;
            case CloseReminder when !State.Closed:
                await CloseAsync(cancellationToken);
                break;
            case PauseSyncReminder:
                // Throws while a bucket still misses the change, which keeps the reminder armed.
                await SyncBucketPausesLaterAsync();
                break;
        }
    }

    /// <summary>Arms what the schedule still needs from now on; runs on every activation.</summary>
    private async Task ArmTimersAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        _deadlineReminderAt = null;
        await EnsureDeadlineReminderAsync(cancellationToken);

        // A bucket's schedule is its coordinator's: it opens and closes by the clock, and the
        // coordinator alone counts down, announces and closes the drop for the room.
        if (State.Closed || IsBucket)
        {
            return;
        }

        if (IsCoordinator)
        {
            StartStockPolling();
        }

        if (Status.ClosesAt is { } closes)
        {
            if (now >= closes.ToDateTimeOffset())
            {
                await CloseAsync(cancellationToken);
                return;
            }

            await SetReminderAsync(CloseReminder, closes.ToDateTimeOffset(), cancellationToken);
        }

        var opensAt = Status.OpensAt.ToDateTimeOffset();
        if (now >= opensAt)
        {
            await AnnounceOpenAsync(cancellationToken);
            return;
        }

        if (now >= opensAt - CountdownLead)
        {
            StartCountdown();
        }
        else
        {
            await SetReminderAsync(CountdownReminder, opensAt - CountdownLead, cancellationToken);
        }

        await SetReminderAsync(OpenReminder, opensAt, cancellationToken);
    }

    /// <summary>Expires every pending order whose deadline is at or before <paramref name="now"/>.</summary>
    private int ExpireOverdue(DateTimeOffset now)
    {
        var expired = 0;
        for (var sequence = _orders.NextPending(); sequence != 0 && IsLapsed(_orders.Get(sequence), now); sequence = _orders.NextPending(sequence))
        {
            Release(sequence, Api.V1.OrderState.Expired, now);
            expired++;
        }

        if (expired > 0)
        {
            DropLog.OrdersExpired(_logger, Status.DropId, expired);
        }

        return expired;
    }

    private async Task EnsureDeadlineReminderAsync(CancellationToken cancellationToken)
    {
        var oldest = _orders.NextPending();
        if (oldest == 0)
        {
            return;
        }

        // Deadlines only grow (fixed window), so one reminder at the earliest covers a whole wave
        // of grabs: the hot path writes a reminder only when none is armed. Marked armed before the
        // await, so the grabs interleaving meanwhile do not register it again.
        var earliest = new DateTimeOffset(_orders.Get(oldest).DeadlineTicks, TimeSpan.Zero);
        if (_deadlineReminderAt is { } armed && armed <= earliest)
        {
            return;
        }

        _deadlineReminderAt = earliest;
        try
        {
            await SetReminderAsync(DeadlineReminder, earliest, cancellationToken);
        }
        catch
        {
            if (_deadlineReminderAt == earliest)
            {
                _deadlineReminderAt = null;
            }

            throw;
        }
    }

    private void StartCountdown() =>
        _countdownTimer ??= this.RegisterGrainTimer(OnCountdownTickAsync, TimeSpan.Zero, CountdownPeriod);

    private async Task OnCountdownTickAsync(CancellationToken cancellationToken)
    {
        var left = Status.OpensAt.ToDateTimeOffset() - _time.GetUtcNow();
        var seconds = (int)Math.Ceiling(left.TotalSeconds);
        if (seconds > 0 && !State.Closed)
        {
            Publish(new RoomEvent { Countdown = new Countdown { DropId = Status.DropId, SecondsLeft = seconds } });
            return;
        }

        StopCountdown();
        await AnnounceOpenAsync(cancellationToken);
    }

    private void StopCountdown()
    {
        _countdownTimer?.Dispose();
        _countdownTimer = null;
    }

    private async Task AnnounceOpenAsync(CancellationToken cancellationToken)
    {
        if (State.OpenedAnnounced || State.Closed)
        {
            return;
        }

        StopCountdown();
        State.OpenedAnnounced = true;
        await PersistAsync(cancellationToken);
        DropLog.Opened(_logger, Status.DropId, Status.Remaining);
        Publish(new RoomEvent { Opened = new DropOpened { DropId = Status.DropId, Remaining = Status.Remaining } });
    }

    private async Task CloseAsync(CancellationToken cancellationToken)
    {
        StopCountdown();
        StopStockPolling();
        State.Closed = true;
        await PersistAsync(cancellationToken);
        var sold = Status.Sold;
        if (IsCoordinator)
        {
            await CloseBucketsAsync(cancellationToken);
            sold = (await AggregateStatusAsync(_time.GetUtcNow())).Sold;
        }

        DropLog.Closed(_logger, Status.DropId, sold);
        Publish(new RoomEvent { DropClosed = new DropClosed { DropId = Status.DropId, Sold = sold } });
    }
}

using FlashSale.Api.V1;
using FlashSale.Grains.AfterSales;
using FlashSale.Grains.Protos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlashSale.Grains.Drop;

// Returns, pausing and the refund-rate counters. Returned units stay sold, like refunded ones: the
// goods are with the shopper until the parcel comes back, and restocking is the warehouse's call.
internal partial class DropGrain
{
    private const string RefundRateReason = "refund-rate";
    private const string OperatorReason = "operator";

    private AfterSalesOptions? _afterSales;

    // Read on first use rather than injected: only after-sales calls need it, never the grab path.
    private AfterSalesOptions AfterSales =>
        _afterSales ??= ServiceProvider.GetService<IOptions<AfterSalesOptions>>()?.Value ?? new AfterSalesOptions();

    public async Task<OrderReply> MarkReturned(ReturnOrder request, CancellationToken cancellationToken = default)
    {
        if (TryBucketOfOrder(request.OrderId, out var bucket))
        {
            return await bucket.MarkReturned(request, cancellationToken);
        }

        if (!TryFindOrder(request.OrderId, request.UserId, out var sequence))
        {
            return new OrderReply { Result = ResultCode.Unspecified };
        }

        var now = _time.GetUtcNow();
        switch (_orders.Get(sequence).State)
        {
            case OrderState.Returned:
                return await Settled(Reply(ResultCode.Ok, sequence));
            case OrderState.Paid when now.UtcTicks > _orders.Get(sequence).PaidAtTicks + AfterSales.ReturnWindow.Ticks:
                return await Settled(Reply(ResultCode.ReturnWindowClosed, sequence));
            case OrderState.Paid:
                _orders.Get(sequence).State = OrderState.Returned;
                Status.ReturnedOrders++;
                StageOrderRow(sequence, now);
                var paused = ApplyRefundRateRule();
                await PersistAsync(cancellationToken);
                AnnouncePause(paused);
                await ReportRefundAsync();
                return Reply(ResultCode.Ok, sequence);
            default:
                return await Settled(Reply(ResultCode.NotRefundable, sequence));
        }
    }

    public async Task<DropCommandReply> Pause(PauseDropRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireDrop();
        return await RunPauseWorkAsync(() => PauseAsync(request.Reason.Length > 0 ? request.Reason : OperatorReason, cancellationToken));
    }

    public async Task<DropCommandReply> Resume(Google.Protobuf.WellKnownTypes.Empty request, CancellationToken cancellationToken = default)
    {
        RequireDrop();
        return await RunPauseWorkAsync(() => ResumeAsync(cancellationToken));
    }

    private async Task<DropCommandReply> PauseAsync(string reason, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (IsClosed(now))
        {
            return await Settled(new DropCommandReply { Result = ResultCode.Ended, Drop = await StatusAsync(now) });
        }

        if (!Status.Paused)
        {
            ChangePause(paused: true, reason);
            await StorePauseAsync(cancellationToken);
            AnnouncePause(true);
        }

        // Also when it was paused already: a bucket that has not acknowledged the pause gets it again.
        await SyncBucketPausesAsync(cancellationToken);
        return await Settled(new DropCommandReply { Result = ResultCode.Ok, Drop = await StatusAsync(now) });
    }

    private async Task<DropCommandReply> ResumeAsync(CancellationToken cancellationToken)
    {
        if (Status.Paused)
        {
            ChangePause(paused: false, string.Empty);
            await StorePauseAsync(cancellationToken);
            DropLog.Resumed(_logger, Status.DropId);
            Publish(new RoomEvent { DropResumed = new DropResumed { DropId = Status.DropId } });
            PublishStockLevel();
        }

        await SyncBucketPausesAsync(cancellationToken);
        return await Settled(new DropCommandReply { Result = ResultCode.Ok, Drop = await StatusAsync(_time.GetUtcNow()) });
    }

    /// <summary>Pause and resume are the drop's: its coordinator passes them on to its buckets
    /// (DropGrain.BucketPause.cs), and a bucket paused on its own would disagree with it.</summary>
    private void RequireDrop()
    {
        if (!IsScheduled)
        {
            throw new EntityNotFoundException("drop", GetPrimaryKeyString());
        }

        if (IsBucket)
        {
            throw new InvalidOperationException($"{Key} is a bucket of drop {DropIdOfKey}: pause or resume the drop");
        }
    }

    /// <summary>Counts paid, refunded and returned orders from the order book (states written
    /// before the counters existed have none), so the rate is right from the first call.</summary>
    private void CountAfterSales()
    {
        int paid = 0, refunded = 0, returned = 0;
        for (var sequence = 1L; sequence <= State.NextSequence; sequence++)
        {
            if (!_orders.Contains(sequence))
            {
                continue;
            }

            switch (_orders.Get(sequence).State)
            {
                case OrderState.Paid:
                    paid++;
                    break;
                case OrderState.Refunded:
                    paid++;
                    refunded++;
                    break;
                case OrderState.Returned:
                    paid++;
                    returned++;
                    break;
            }
        }

        Status.PaidOrders = paid;
        Status.RefundedOrders = refunded;
        Status.ReturnedOrders = returned;
        UpdateRefundRate();
    }

    private void UpdateRefundRate() => Status.RefundRate = RefundRateOf(Status);

    private static double RefundRateOf(DropStatus counters) =>
        counters.PaidOrders == 0 ? 0 : (double)(counters.RefundedOrders + counters.ReturnedOrders) / counters.PaidOrders;

    /// <summary>Updates the rate after a refund or a return and, when the rule is on and the rate
    /// went above its threshold, pauses the drop (in memory; the caller persists). Returns whether
    /// it paused. A bucket's rate is not the drop's: its coordinator judges the buckets' sum
    /// (<see cref="ReportRefundAsync"/>).</summary>
    private bool ApplyRefundRateRule()
    {
        UpdateRefundRate();
        if (IsBucket || !ShouldAutoPause(Status))
        {
            return false;
        }

        State.AutoPauseFired = true;
        ChangePause(paused: true, RefundRateReason);
        return true;
    }

    /// <summary>The rule may still fire for this drop (cheap: no counters needed).</summary>
    private bool CouldAutoPause() => AfterSales.AutoPause && !State.AutoPauseFired && !Status.Paused && !State.Closed;

    /// <summary>The rule fires for these counters (the drop's own, or its buckets' sum).</summary>
    private bool ShouldAutoPause(DropStatus counters)
    {
        var rule = AfterSales;
        return CouldAutoPause() && counters.PaidOrders >= rule.AutoPauseMinimumPaidOrders && RefundRateOf(counters) > rule.AutoPauseRefundRate;
    }

    private void AnnouncePause(bool paused)
    {
        if (!paused)
        {
            return;
        }

        DropLog.Paused(_logger, Status.DropId, Status.PauseReason);
        Publish(new RoomEvent { DropPaused = new DropPaused { DropId = Status.DropId, Reason = Status.PauseReason } });
    }
}

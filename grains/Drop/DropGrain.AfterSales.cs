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
                return Reply(ResultCode.Ok, sequence);
            default:
                return await Settled(Reply(ResultCode.NotRefundable, sequence));
        }
    }

    public async Task<DropCommandReply> Pause(PauseDropRequest request, CancellationToken cancellationToken = default)
    {
        if (!IsScheduled)
        {
            throw new EntityNotFoundException("drop", GetPrimaryKeyString());
        }

        var now = _time.GetUtcNow();
        if (IsClosed(now))
        {
            return await Settled(new DropCommandReply { Result = ResultCode.Ended, Drop = Snapshot(now) });
        }

        if (Status.Paused)
        {
            return await Settled(new DropCommandReply { Result = ResultCode.Ok, Drop = Snapshot(now) });
        }

        Status.Paused = true;
        Status.PauseReason = request.Reason.Length > 0 ? request.Reason : OperatorReason;
        await PersistAsync(cancellationToken);
        AnnouncePause(true);
        return new DropCommandReply { Result = ResultCode.Ok, Drop = Snapshot(now) };
    }

    public async Task<DropCommandReply> Resume(Google.Protobuf.WellKnownTypes.Empty request, CancellationToken cancellationToken = default)
    {
        if (!IsScheduled)
        {
            throw new EntityNotFoundException("drop", GetPrimaryKeyString());
        }

        if (!Status.Paused)
        {
            return await Settled(new DropCommandReply { Result = ResultCode.Ok, Drop = Snapshot(_time.GetUtcNow()) });
        }

        Status.Paused = false;
        Status.PauseReason = string.Empty;
        await PersistAsync(cancellationToken);
        DropLog.Resumed(_logger, Status.DropId);
        Publish(new RoomEvent { DropResumed = new DropResumed { DropId = Status.DropId } });
        PublishStockLevel();
        return new DropCommandReply { Result = ResultCode.Ok, Drop = Snapshot(_time.GetUtcNow()) };
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

    private void UpdateRefundRate() =>
        Status.RefundRate = Status.PaidOrders == 0 ? 0 : (double)(Status.RefundedOrders + Status.ReturnedOrders) / Status.PaidOrders;

    /// <summary>Updates the rate after a refund or a return and, when the rule is on and the rate
    /// went above its threshold, pauses the drop (in memory; the caller persists). Returns whether
    /// it paused.</summary>
    private bool ApplyRefundRateRule()
    {
        UpdateRefundRate();
        var rule = AfterSales;
        if (!rule.AutoPause || State.AutoPauseFired || Status.Paused || State.Closed
            || Status.PaidOrders < rule.AutoPauseMinimumPaidOrders || Status.RefundRate <= rule.AutoPauseRefundRate)
        {
            return false;
        }

        State.AutoPauseFired = true;
        Status.Paused = true;
        Status.PauseReason = RefundRateReason;
        return true;
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

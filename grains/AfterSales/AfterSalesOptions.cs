namespace FlashSale.Grains.AfterSales;

/// <summary>Returns and the refund-rate rule (configuration section "Grains:AfterSales").</summary>
public sealed class AfterSalesOptions
{
    /// <summary>How long after payment a shopper may return an order with no reason (7-day
    /// returns, 七天无理由退货). Configuration: "7.00:00:00".</summary>
    public TimeSpan ReturnWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Off by default: the rule stops a live sale by itself, which an operator opts into.
    /// On: a drop pauses itself (reason "refund-rate") the first time its refund rate — refunded
    /// plus returned orders over orders ever paid — goes above <see cref="AutoPauseRefundRate"/>
    /// with at least <see cref="AutoPauseMinimumPaidOrders"/> paid orders. It fires once per drop:
    /// an operator's ResumeDrop after it is final.</summary>
    public bool AutoPause { get; set; }

    /// <summary>The product research's alert threshold, 15 %.</summary>
    public double AutoPauseRefundRate { get; set; } = 0.15;

    /// <summary>Paid orders needed before the rate means anything (one return of three orders is not a trend).</summary>
    public int AutoPauseMinimumPaidOrders { get; set; } = 20;
}

namespace FlashSale.Silo.Monitoring.Alerts;

/// <summary>Alert thresholds (configuration section "Alerts", e.g. <c>--Alerts:LowStockUnits=20</c> or
/// <c>Alerts__LowStockUnits=20</c>). Defaults are the product research's figures.</summary>
public sealed class AlertOptions
{
    /// <summary>An open drop with fewer units left than this (sold and reserved ones are gone).</summary>
    public int LowStockUnits { get; set; } = 50;

    /// <summary>Refunds as a share of paid orders within <see cref="RefundWindow"/>, in percent.</summary>
    public double RefundRatePercent { get; set; } = 15;

    /// <summary>The refund rate is judged only with at least this many payments in the window.</summary>
    public int RefundMinPayments { get; set; } = 20;

    public TimeSpan RefundWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Viewers (mean of the samples) or grabs in the last <see cref="TrafficWindow"/> down by
    /// at least this much, in percent, against the window before it.</summary>
    public double TrafficDropPercent { get; set; } = 30;

    public TimeSpan TrafficWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The previous window must have had at least this many grabs (or mean viewers) for a
    /// fall to count: a quiet room going quieter is not news.</summary>
    public int TrafficMinPrevious { get; set; } = 100;

    /// <summary>Rejections in the last <see cref="RejectionWindow"/> at least this many times those
    /// of the window before it …</summary>
    public double RejectionSpikeFactor { get; set; } = 3;

    /// <summary>… and at least this many.</summary>
    public int RejectionSpikeMin { get; set; } = 50;

    public TimeSpan RejectionWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the silo samples rooms and cluster and evaluates the alerts.</summary>
    public TimeSpan EvaluateEvery { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws when a setting is out of range (windows must fit <see cref="LiveStats.Seconds"/>).</summary>
    public void Validate()
    {
        var longest = TimeSpan.FromSeconds(LiveStats.Seconds);
        if (RefundWindow <= TimeSpan.Zero || RefundWindow > longest
            || TrafficWindow <= TimeSpan.Zero || TrafficWindow * 2 > longest
            || RejectionWindow <= TimeSpan.Zero || RejectionWindow * 2 > longest)
        {
            throw new InvalidOperationException($"Alerts: windows must be positive and at most {longest} (traffic and rejection windows: half of it)");
        }

        if (EvaluateEvery < TimeSpan.FromMilliseconds(100) || LowStockUnits < 0 || RefundRatePercent is < 0 or > 100
            || TrafficDropPercent is <= 0 or > 100 || RejectionSpikeFactor < 1 || RefundMinPayments < 0 || TrafficMinPrevious < 0 || RejectionSpikeMin < 0)
        {
            throw new InvalidOperationException("Alerts: a threshold is out of range (see AlertOptions)");
        }
    }
}

using System.Globalization;

namespace FlashSale.Silo.Monitoring.Alerts;

/// <summary>The alerts and how each is judged from one moment's inputs. Pure: the same inputs give
/// the same answers, so the rules are tested without a silo.</summary>
public static class AlertRules
{
    public const string LowStock = "low_stock";
    public const string RefundRate = "refund_rate";
    public const string ViewersDrop = "viewers_drop";
    public const string GrabTrafficDrop = "grab_traffic_drop";
    public const string RejectionSpike = "rejection_spike";

    /// <summary>Every alert, in the order badges show them.</summary>
    public static readonly string[] All = [LowStock, RefundRate, ViewersDrop, GrabTrafficDrop, RejectionSpike];

    public static IReadOnlyList<AlertVerdict> Evaluate(AlertInputs inputs, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        return [LowStockVerdict(inputs, options), RefundVerdict(inputs, options), ViewersVerdict(inputs, options),
            GrabTrafficVerdict(inputs, options), RejectionVerdict(inputs, options)];
    }

    private static AlertVerdict LowStockVerdict(AlertInputs inputs, AlertOptions options)
    {
        var low = inputs.OpenDrops.Where(d => d.Remaining < options.LowStockUnits).OrderBy(d => d.Remaining).ToList();
        return low.Count == 0
            ? new AlertVerdict(LowStock, false, $"every open drop has {options.LowStockUnits}+ units")
            : new AlertVerdict(LowStock, true, string.Join(", ", low.Take(5).Select(d => Invariant($"{d.DropId}: {d.Remaining} left")))
                + (low.Count > 5 ? Invariant($" (+{low.Count - 5} more)") : ""));
    }

    private static AlertVerdict RefundVerdict(AlertInputs inputs, AlertOptions options)
    {
        var window = inputs.RefundWindow;
        if (window.Payments < Math.Max(1, options.RefundMinPayments))
        {
            return new AlertVerdict(RefundRate, false, Invariant($"{window.Payments} payments, too few to judge"));
        }

        var percent = 100.0 * window.Refunds / window.Payments;
        return new AlertVerdict(RefundRate, percent > options.RefundRatePercent,
            Invariant($"{percent:0.#} % refunded ({window.Refunds} of {window.Payments} payments; threshold {options.RefundRatePercent:0.#} %)"));
    }

    private static AlertVerdict ViewersVerdict(AlertInputs inputs, AlertOptions options)
    {
        var previous = inputs.TrafficPrevious.AverageViewers ?? 0;
        var current = inputs.TrafficCurrent.AverageViewers ?? 0;
        return Fall(ViewersDrop, "viewers", current, previous, options);
    }

    private static AlertVerdict GrabTrafficVerdict(AlertInputs inputs, AlertOptions options) =>
        Fall(GrabTrafficDrop, "grabs", inputs.TrafficCurrent.Grabs, inputs.TrafficPrevious.Grabs, options);

    private static AlertVerdict Fall(string name, string what, double current, double previous, AlertOptions options)
    {
        if (previous < Math.Max(1, options.TrafficMinPrevious))
        {
            return new AlertVerdict(name, false, Invariant($"{what}: {previous:0.#} in the previous window, too few to judge"));
        }

        var fallPercent = 100.0 * (previous - current) / previous;
        return new AlertVerdict(name, fallPercent >= options.TrafficDropPercent,
            Invariant($"{what}: {current:0.#} against {previous:0.#} in the previous window ({-fallPercent:+0.#;-0.#;0} %)"));
    }

    private static AlertVerdict RejectionVerdict(AlertInputs inputs, AlertOptions options)
    {
        var current = inputs.RejectionsCurrent.RejectionCount;
        var previous = inputs.RejectionsPrevious.RejectionCount;
        var spike = current >= options.RejectionSpikeMin && current >= options.RejectionSpikeFactor * previous;
        var top = inputs.RejectionsCurrent.Rejections.OrderByDescending(r => r.Value).Take(3).Select(r => Invariant($"{r.Key} {r.Value}"));
        return new AlertVerdict(RejectionSpike, spike,
            Invariant($"{current} rejections against {previous} in the previous window") + (current > 0 ? " (" + string.Join(", ", top) + ")" : ""));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One open drop's stock, as the low-stock rule sees it.</summary>
public sealed record DropStock(string DropId, int Remaining);

/// <summary>What the rules judge: open drops' stock and this silo's traffic windows.</summary>
public sealed record AlertInputs(
    IReadOnlyList<DropStock> OpenDrops,
    WindowTotals RefundWindow,
    WindowTotals TrafficCurrent,
    WindowTotals TrafficPrevious,
    WindowTotals RejectionsCurrent,
    WindowTotals RejectionsPrevious)
{
    public static AlertInputs From(IReadOnlyList<DropStock> openDrops, LiveStats stats, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(options);
        return new AlertInputs(
            openDrops,
            stats.Window(options.RefundWindow, TimeSpan.Zero),
            stats.Window(options.TrafficWindow, TimeSpan.Zero),
            stats.Window(options.TrafficWindow * 2, options.TrafficWindow),
            stats.Window(options.RejectionWindow, TimeSpan.Zero),
            stats.Window(options.RejectionWindow * 2, options.RejectionWindow));
    }
}

/// <summary>An alert's state at one evaluation, with a line for badges and logs (no user data).</summary>
public sealed record AlertVerdict(string Name, bool Active, string Detail);

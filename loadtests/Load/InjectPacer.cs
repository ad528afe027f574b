namespace FlashSale.LoadTests.Load;

/// <summary>Turns an open-model plan into "start this many calls now". Counting against the
/// integral (not the instantaneous rate) means a late tick catches up instead of losing calls,
/// and the count never exceeds the plan's total or <see cref="MaxCalls"/>.</summary>
internal sealed class InjectPacer
{
    private readonly LoadPlan _plan;
    private long _issued;

    public InjectPacer(LoadPlan plan, long maxCalls = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.IsOpen)
        {
            throw new ArgumentException("The pacer drives open-model (inject) plans.", nameof(plan));
        }

        _plan = plan;
        MaxCalls = maxCalls;
    }

    public long MaxCalls { get; }

    public long Issued => _issued;

    /// <summary>How many calls to start at <paramref name="elapsed"/> since the run began.</summary>
    public int Take(TimeSpan elapsed)
    {
        var at = elapsed < _plan.Duration ? elapsed : _plan.Duration;

        // A tiny epsilon keeps 100/s × 0.1 s = 9.9999… from losing a call to floating point.
        var due = Math.Min((long)Math.Floor(_plan.CallsDueBy(at) + 1e-9), MaxCalls);
        var now = due - _issued;
        if (now <= 0)
        {
            return 0;
        }

        _issued = due;
        return (int)Math.Min(now, int.MaxValue);
    }
}

namespace FlashSale.LoadTests.Engine;

/// <summary>Hard bounds on a run, whatever the plan says: total iterations, calls in flight in
/// the open model, and how long to wait for in-flight calls after the plan ends.</summary>
internal sealed record DriverLimits(long MaxIterations, int MaxInFlight, TimeSpan DrainTimeout)
{
    public static DriverLimits Default { get; } = new(50_000_000, 10_000, TimeSpan.FromSeconds(30));

    /// <summary>How often the open-model driver wakes up to inject the calls that became due.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>How long an idle closed-model worker waits before checking the target again.</summary>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromMilliseconds(20);
}

namespace FlashSale.Silo.RateLimiting;

/// <summary>One counter a call is charged to, with the most calls it allows per window.</summary>
/// <param name="Key">Counter name, e.g. <c>user:alice</c>.</param>
/// <param name="Limit">Calls allowed per window.</param>
public readonly record struct RateLimitKey(string Key, int Limit);

/// <summary>Outcome of charging a call: allowed, or rejected by the key at <see cref="RejectedIndex"/>
/// until its window resets after <see cref="RetryAfter"/>.</summary>
public readonly record struct RateLimitResult(int RejectedIndex, TimeSpan RetryAfter)
{
    /// <summary>The call is within every limit.</summary>
    public static readonly RateLimitResult Allowed = new(-1, TimeSpan.Zero);

    public bool IsAllowed => RejectedIndex < 0;
}

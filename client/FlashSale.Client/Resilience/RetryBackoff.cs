namespace FlashSale.Client.Resilience;

/// <summary>How long to wait before a retry: exponential back-off with "equal jitter" (half fixed, half
/// random, so callers rejected together come back spread out yet still back off), never shorter than
/// the server's <c>retry-after-ms</c> hint.</summary>
internal static class RetryBackoff
{
    /// <param name="options">The retry settings.</param>
    /// <param name="retryIndex">0 before the first retry, 1 before the second, …</param>
    /// <param name="retryAfter">The server's hint, if it sent one.</param>
    /// <param name="random">A value in [0, 1) for the jitter.</param>
    public static TimeSpan Next(RetryOptions options, int retryIndex, TimeSpan? retryAfter, double random)
    {
        var exponential = options.BaseDelay.Ticks * Math.Pow(2, Math.Min(retryIndex, 30));
        var capped = Math.Min(exponential, options.MaxDelay.Ticks);
        var backoff = TimeSpan.FromTicks((long)((capped / 2) + (capped / 2 * random)));
        return retryAfter is { } hint && hint > backoff ? hint : backoff;
    }
}

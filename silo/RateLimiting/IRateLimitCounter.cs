namespace FlashSale.Silo.RateLimiting;

/// <summary>Fixed-window call counters: in-process for one silo, or shared by all silos.</summary>
public interface IRateLimitCounter
{
    /// <summary>Charges one call to every key (all in one step) and reports the first key whose
    /// limit the call exceeds. Never throws for an unreachable backing store: falls back instead.</summary>
    ValueTask<RateLimitResult> AcquireAsync(IReadOnlyList<RateLimitKey> keys, TimeSpan window);
}

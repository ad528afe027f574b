namespace FlashSale.Silo.RateLimiting;

/// <summary>Anti-bot limits on the shopper's mutating calls (Grab, Pay, ClaimCoupon, CancelOrder),
/// bound from configuration section "Silo:RateLimit". Counted in fixed windows, shared across
/// silos through Redis when one is configured, in-process otherwise.</summary>
public sealed class RateLimitOptions
{
    /// <summary>"on" (default) or "off" (no limit at all; <c>--rate-limit off</c>).</summary>
    public string Mode { get; set; } = "on";

    /// <summary>Mutating calls one user may make per window; 0 disables the per-user limit.
    /// Generous by default: a person taps far slower, a script far faster.</summary>
    public int PerUser { get; set; } = 20;

    /// <summary>Mutating calls one client address may make per window; 0 (default) disables it,
    /// since many shoppers can share an address (NAT, load tests from 127.0.0.1).</summary>
    public int PerAddress { get; set; }

    /// <summary>Length of a counting window in milliseconds.</summary>
    public int WindowMilliseconds { get; set; } = 1_000;

    /// <summary>Longest wait in milliseconds for Redis's shared counters before a call is judged by
    /// this silo's own counters instead (so a slow Redis cannot stall the shop). Above
    /// <see cref="Redis.RedisConnection.CommandTimeoutMilliseconds"/> the client's own command
    /// timeout ends the wait first.</summary>
    public int RedisTimeoutMilliseconds { get; set; } = 500;

    /// <summary>Take the client address from the last <c>x-forwarded-for</c> entry (the one our
    /// own proxy appended). Only for silos behind a trusted proxy: clients can forge the header.</summary>
    public bool TrustForwardedFor { get; set; }

    /// <summary>Whether any limit applies.</summary>
    public bool IsEnabled =>
        !string.Equals(Mode, "off", StringComparison.OrdinalIgnoreCase) && (PerUser > 0 || PerAddress > 0);

    /// <summary>The window as a time span (at least 1 ms).</summary>
    public TimeSpan Window => TimeSpan.FromMilliseconds(Math.Max(1, WindowMilliseconds));

    /// <summary>The Redis wait as a time span (at least 1 ms).</summary>
    public TimeSpan RedisTimeout => TimeSpan.FromMilliseconds(Math.Max(1, RedisTimeoutMilliseconds));
}

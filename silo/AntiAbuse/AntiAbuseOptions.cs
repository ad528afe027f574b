namespace FlashSale.Silo.AntiAbuse;

/// <summary>Anti-abuse (风控) settings, bound from configuration section "Silo:AntiAbuse": the
/// blocklist (always enforced once an entry exists), the rapid-grab rule and the rejection audit.</summary>
public sealed class AntiAbuseOptions
{
    /// <summary>"on" (default) or "off" (no blocklist check and no rapid-grab rule; <c>--anti-abuse off</c>).</summary>
    public string Mode { get; set; } = "on";

    /// <summary>Distinct drops one user may grab in within <see cref="RapidGrabWindowSeconds"/>; a
    /// grab of one more distinct drop is rejected (RAPID_GRAB). Drops in a live room open one after
    /// another, so a person rarely grabs more than a handful in a minute; 0 turns the rule off.</summary>
    public int RapidGrabDrops { get; set; } = 10;

    /// <summary>The rapid-grab rule's sliding window in seconds.</summary>
    public int RapidGrabWindowSeconds { get; set; } = 60;

    /// <summary>How often each silo reads blocklist changes from storage, in milliseconds: the
    /// longest a block or unblock made on another silo takes to apply here (the silo that takes the
    /// admin call applies it at once).</summary>
    public int BlocklistRefreshMilliseconds { get; set; } = 1_000;

    /// <summary>Rejections waiting to be written to the audit table before further ones are only
    /// counted (in metrics), so a flood of rejections cannot grow memory or slow the shop.</summary>
    public int AuditQueueCapacity { get; set; } = 10_000;

    /// <summary>Most rejections written in one transaction.</summary>
    public int AuditBatchSize { get; set; } = 500;

    /// <summary>How long the audit writer gathers rejections before it writes them, in milliseconds.</summary>
    public int AuditFlushMilliseconds { get; set; } = 200;

    /// <summary>Whether the blocklist and the rapid-grab rule apply.</summary>
    public bool IsEnabled => !string.Equals(Mode, "off", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the rapid-grab rule applies.</summary>
    public bool RapidGrabEnabled => IsEnabled && RapidGrabDrops > 0 && RapidGrabWindowSeconds > 0;

    public TimeSpan RapidGrabWindow => TimeSpan.FromSeconds(Math.Max(1, RapidGrabWindowSeconds));

    public TimeSpan BlocklistRefresh => TimeSpan.FromMilliseconds(Math.Max(10, BlocklistRefreshMilliseconds));

    public TimeSpan AuditFlush => TimeSpan.FromMilliseconds(Math.Max(1, AuditFlushMilliseconds));
}

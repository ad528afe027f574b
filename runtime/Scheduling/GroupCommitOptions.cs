namespace FlashSale.Runtime.Scheduling;

/// <summary>Group commit: consecutive queued calls to a method with a batch form run as one turn
/// (one state write for all of them). Bound from "Runtime:GroupCommit".</summary>
public sealed class GroupCommitOptions
{
    /// <summary>When false every call runs alone through the method's single form.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most calls one batch may take; bounds the latency of the last caller and the size of
    /// one write.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>How long a batch that found the mailbox empty behind it waits for more calls before it
    /// runs (at most <see cref="MaxLinger"/>). Zero by default: under load the mailbox fills while
    /// the previous batch writes, so batches form without waiting.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.Zero;

    /// <summary>Upper bound applied to <see cref="Linger"/>, so a configuration slip cannot stall a grain.</summary>
    public static TimeSpan MaxLinger { get; } = TimeSpan.FromMilliseconds(50);

    internal int EffectiveMaxBatchSize => Enabled ? Math.Max(1, MaxBatchSize) : 1;

    internal TimeSpan EffectiveLinger => Linger <= TimeSpan.Zero ? TimeSpan.Zero : Linger > MaxLinger ? MaxLinger : Linger;
}

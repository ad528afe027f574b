namespace FlashSale.Storage.Resilience;

/// <summary>Retry and circuit-breaker settings around a durable storage provider (PostgreSQL,
/// SQLite), part of <see cref="Hosting.FlashSaleStorageOptions"/>.</summary>
public sealed class StorageResilienceOptions
{
    /// <summary>Wrap the durable providers with retry and circuit breaker (default on).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Retries after the first attempt of a call that failed as unavailable (default 2: three attempts).</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>First retry delay; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Cap on one retry delay; with the defaults a call spends well under a second waiting.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>One attempt taking longer than this counts as unavailable (its outcome is re-checked on retry).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Share of failed attempts within <see cref="SamplingDuration"/> that opens the circuit.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Window over which the failure ratio is measured (at least 0.5 s).</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts in the window before the ratio is considered (at least 2).</summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>How long an open circuit fails calls immediately before letting one probe through (at least 0.5 s).</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}

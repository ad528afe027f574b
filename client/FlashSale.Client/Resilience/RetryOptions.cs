namespace FlashSale.Client;

/// <summary>Opt-in retries of unary calls (set <see cref="FlashSaleChannelOptions.Retry"/>). Only
/// UNAVAILABLE and RESOURCE_EXHAUSTED are retried: they mean "not done, try again", while every other
/// status is an answer. A retry sends the same request object, so a mutating call keeps the idempotency
/// key its typed client filled in before the first attempt and the server replays the first result
/// instead of creating a second effect. Retries stop at <see cref="MaxAttempts"/> or when the next
/// attempt could not start before the call's deadline, whichever comes first.</summary>
public sealed record RetryOptions
{
    /// <summary>Up to 5 attempts, 50 ms doubling to at most 2 s, server hints up to 10 s.</summary>
    public static RetryOptions Default { get; } = new();

    /// <summary>Attempts including the first (1 disables retrying).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Back-off before the first retry; it doubles with each further retry.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Cap of the exponential back-off (not of the server's hint).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest <c>retry-after-ms</c> hint the client waits for; a longer hint ends the retries
    /// and surfaces the error, since the server asks for a pause the caller should decide about.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseDelay, TimeSpan.Zero, nameof(BaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, BaseDelay, nameof(MaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryAfter, TimeSpan.Zero, nameof(MaxRetryAfter));
    }
}

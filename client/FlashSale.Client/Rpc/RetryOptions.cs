using Grpc.Core;
using Grpc.Net.Client.Configuration;

namespace FlashSale.Client;

/// <summary>Retries (set <see cref="FlashSaleChannelOptions.Retry"/>; on by default only for balanced channels), carried out by grpc-dotnet's
/// standard retry policy from the channel's service config. Only UNAVAILABLE and RESOURCE_EXHAUSTED are
/// retried: they mean "not done, try again", while every other status is an answer. A retry re-sends the
/// same request message, so a mutating call keeps the idempotency key its typed client filled in before
/// the first attempt and the server replays the first result instead of creating a second effect.
/// A server's <c>grpc-retry-pushback-ms</c> trailer replaces the back-off (a negative or malformed one
/// stops retrying), and no attempt starts after the call's deadline. Note that grpc-dotnet retries a
/// call that carries a non-negative pushback whatever its status, so a server should send the
/// trailer only with UNAVAILABLE or RESOURCE_EXHAUSTED.</summary>
public sealed record RetryOptions
{
    /// <summary>Up to 5 attempts, 50 ms doubling to at most 2 s.</summary>
    public static RetryOptions Default { get; } = new();

    /// <summary>One attempt: no retries, also on a balanced channel.</summary>
    public static RetryOptions None { get; } = new() { MaxAttempts = 1 };

    /// <summary>Attempts including the first (1 disables retrying).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Back-off before the first retry (more than zero); it doubles with each further retry. grpc-dotnet waits a
    /// random time between 0 and the current back-off ("full jitter").</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Cap of the exponential back-off (not of the server's pushback).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The service config that makes grpc-dotnet retry every method of the channel this way,
    /// or null when nothing is retried.</summary>
    internal ServiceConfig? ToServiceConfig()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(BaseDelay, TimeSpan.Zero, nameof(BaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, BaseDelay, nameof(MaxDelay));
        if (MaxAttempts == 1)
        {
            return null;
        }

        var policy = new RetryPolicy
        {
            MaxAttempts = MaxAttempts,
            InitialBackoff = BaseDelay,
            MaxBackoff = MaxDelay,
            BackoffMultiplier = 2,
            RetryableStatusCodes = { StatusCode.Unavailable, StatusCode.ResourceExhausted },
        };
        var method = new MethodConfig { Names = { MethodName.Default }, RetryPolicy = policy };
        return new ServiceConfig { MethodConfigs = { method } };
    }
}

using System.Globalization;
using Grpc.Core;

namespace FlashSale.Silo.RateLimiting;

/// <summary>
/// The Shop service's anti-bot gate: charges a mutating call to its user and (when configured) its
/// client address, and rejects it past a limit with RESOURCE_EXHAUSTED, a message naming the limit
/// and a <c>grpc-retry-pushback-ms</c> trailer saying when the window resets.
/// </summary>
public sealed class ShopRateLimiter(RateLimitOptions options, IRateLimitCounter counter)
{
    /// <summary>Trailer with the milliseconds until the exceeded window resets: the standard gRPC
    /// pushback trailer.</summary>
    public const string RetryPushbackTrailer = Hosting.EngineExceptionMapper.RetryPushbackTrailer;

    private readonly bool _enabled = options.IsEnabled;
    private readonly TimeSpan _window = options.Window;
    private long _rejected;

    /// <summary>Calls rejected so far (for tests and metrics).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Completes when the call is within its limits; throws <see cref="RpcException"/>
    /// (RESOURCE_EXHAUSTED) otherwise.</summary>
    public ValueTask CheckAsync(string userId, ServerCallContext context)
    {
        if (!_enabled)
        {
            return ValueTask.CompletedTask;
        }

        var keys = Keys(userId, context);
        var pending = counter.AcquireAsync(keys, _window);
        if (pending.IsCompletedSuccessfully)
        {
            ThrowIfRejected(pending.Result, keys);
            return ValueTask.CompletedTask;
        }

        return AwaitAsync(pending, keys);
    }

    private async ValueTask AwaitAsync(ValueTask<RateLimitResult> pending, RateLimitKey[] keys) =>
        ThrowIfRejected(await pending.ConfigureAwait(false), keys);

    private RateLimitKey[] Keys(string userId, ServerCallContext context)
    {
        var user = options.PerUser > 0 ? new RateLimitKey("user:" + userId, options.PerUser) : (RateLimitKey?)null;
        var address = options.PerAddress > 0
            ? new RateLimitKey("addr:" + ClientAddress.Resolve(context, options.TrustForwardedFor), options.PerAddress)
            : (RateLimitKey?)null;
        return (user, address) switch
        {
            ({ } u, { } a) => [u, a],
            ({ } u, null) => [u],
            (null, { } a) => [a],
            _ => [],
        };
    }

    private void ThrowIfRejected(RateLimitResult result, RateLimitKey[] keys)
    {
        if (result.IsAllowed)
        {
            return;
        }

        Interlocked.Increment(ref _rejected);
        var key = keys[result.RejectedIndex];
        var who = key.Key.StartsWith("user:", StringComparison.Ordinal) ? "this user" : "this client address";
        var retryAfter = ((long)Math.Ceiling(result.RetryAfter.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        throw new RpcException(
            new Status(StatusCode.ResourceExhausted,
                $"rate limit: more than {key.Limit} calls per {(long)_window.TotalMilliseconds} ms from {who}; retry after {retryAfter} ms"),
            new Metadata { { RetryPushbackTrailer, retryAfter } });
    }
}

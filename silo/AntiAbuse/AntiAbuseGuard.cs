using System.Globalization;
using FlashSale.Silo.RateLimiting;
using FlashSale.Storage.Domain;
using Grpc.Core;

namespace FlashSale.Silo.AntiAbuse;

/// <summary>
/// The anti-abuse rules of an acting shop call: the blocklist (user, then client address), then for
/// a grab the rapid-grab rule. A rejection is thrown as an <see cref="RpcException"/> carrying its
/// reason code (see <see cref="RejectionReasons"/>), counted and audited through <see cref="RejectionAudit"/>.
/// </summary>
public sealed class AntiAbuseGuard(AntiAbuseOptions options, RateLimitOptions rateLimit, Blocklist blocklist, IRapidGrabCounter rapidGrabs, RejectionAudit audit, TimeProvider time)
{
    private readonly bool _enabled = options.IsEnabled;
    private readonly bool _rapidGrab = options.RapidGrabEnabled;
    private readonly int _rapidDrops = options.RapidGrabDrops;
    private readonly TimeSpan _rapidWindow = options.RapidGrabWindow;

    public bool IsEnabled => _enabled;

    /// <summary>Completes when the call may proceed; throws the rejection otherwise.
    /// <paramref name="dropId"/> is set for grabs only.</summary>
    public ValueTask CheckAsync(string userId, string? dropId, ServerCallContext context)
    {
        if (!_enabled)
        {
            return ValueTask.CompletedTask;
        }

        if (blocklist.Match(userId, (context, rateLimit.TrustForwardedFor), static s => ClientAddress.Resolve(s.context, s.TrustForwardedFor)) is { } reason)
        {
            throw Reject(reason, context.Method, userId, ClientAddress.Resolve(context, rateLimit.TrustForwardedFor), dropId ?? string.Empty, null);
        }

        if (dropId is null || !_rapidGrab)
        {
            return ValueTask.CompletedTask;
        }

        var pending = rapidGrabs.TryGrabAsync(userId, dropId, _rapidDrops, _rapidWindow);
        if (pending.IsCompletedSuccessfully)
        {
            ThrowIfRapid(pending.Result, userId, dropId, context);
            return ValueTask.CompletedTask;
        }

        return AwaitRapidAsync(pending, userId, dropId, context);
    }

    private async ValueTask AwaitRapidAsync(ValueTask<TimeSpan> pending, string userId, string dropId, ServerCallContext context) =>
        ThrowIfRapid(await pending.ConfigureAwait(false), userId, dropId, context);

    private void ThrowIfRapid(TimeSpan retryAfter, string userId, string dropId, ServerCallContext context)
    {
        if (retryAfter > TimeSpan.Zero)
        {
            throw Reject(RejectionReasons.RapidGrab, context.Method, userId, ClientAddress.Resolve(context, rateLimit.TrustForwardedFor), dropId, retryAfter);
        }
    }

    // "/flashsale.v1.Shop/Grab" → "Grab" (only on a rejection: no allocation on allowed calls).
    private static string MethodName(string path) => path[(path.LastIndexOf('/') + 1)..];

    private RpcException Reject(string reason, string path, string userId, string address, string detail, TimeSpan? retryAfter)
    {
        audit.Record(new RejectionRow
        {
            At = time.GetUtcNow(),
            Reason = reason,
            Method = MethodName(path),
            UserId = userId,
            Address = address,
            Detail = detail,
        });
        var trailers = new Metadata { { RejectionReasons.Trailer, reason } };
        if (retryAfter is { } wait)
        {
            var ms = ((long)Math.Ceiling(wait.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
            trailers.Add(ShopRateLimiter.RetryPushbackTrailer, ms);
            return new RpcException(new Status(StatusCode.ResourceExhausted,
                $"rejected: {reason} (more than {_rapidDrops} distinct drops within {(long)_rapidWindow.TotalSeconds} s); retry after {ms} ms"), trailers);
        }

        var who = reason == RejectionReasons.UserBlocked ? "this user" : "this client address";
        return new RpcException(new Status(StatusCode.PermissionDenied, $"rejected: {reason} ({who} may not act in the shop)"), trailers);
    }
}

using System.Collections.Concurrent;
using FlashSale.Api.V1;
using FlashSale.Client;
using Grpc.Core;

namespace FlashSale.Silo.Tests.Cluster;

/// <summary>One shopper's grab as a multi-silo client saw it: the reply it finally got (if any) and
/// every failed attempt's status, all under one idempotency key.</summary>
internal sealed record ClusterGrab(string UserId, string Key, GrabReply? Reply, IReadOnlyList<StatusCode> FailedAttempts)
{
    public bool IsOk => Reply?.Result == ResultCode.Ok;
}

/// <summary>A client of several silos that does what the client library's multi-address support
/// does: a call that fails UNAVAILABLE (silo gone or draining; or, when allowed, times out) is sent
/// again with the same idempotency key to the next silo, so a retry can never make a second order.</summary>
internal sealed class ClusterGrabs(IReadOnlyList<ShopClient> shops, TimeSpan callTimeout, IReadOnlySet<StatusCode> retried)
{
    private const int MaxAttempts = 60;
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    /// <summary>Every failed attempt's status, over all grabs.</summary>
    public ConcurrentQueue<StatusCode> Failures { get; } = new();

    public async Task<ClusterGrab> GrabAsync(string dropId, string userId, int firstSilo, CancellationToken giveUp = default)
    {
        var key = Guid.NewGuid().ToString("N");
        var failed = new List<StatusCode>();
        for (var attempt = 0; attempt < MaxAttempts && !giveUp.IsCancellationRequested; attempt++)
        {
            var shop = shops[(firstSilo + attempt) % shops.Count];
            try
            {
                var reply = await shop.GrabAsync(dropId, userId, idempotencyKey: key, options: FlashSaleCallOptions.WithTimeout(callTimeout));
                return new ClusterGrab(userId, key, reply, failed);
            }
            catch (RpcException error)
            {
                failed.Add(error.StatusCode);
                Failures.Enqueue(error.StatusCode);
                if (error.StatusCode != StatusCode.Unavailable)
                {
                    OtherFailures.Enqueue($"{userId} on silo {(firstSilo + attempt) % shops.Count}, attempt {attempt + 1}: {error.StatusCode} \"{error.Status.Detail}\"");
                }

                if (!retried.Contains(error.StatusCode))
                {
                    return new ClusterGrab(userId, key, null, failed);
                }
            }

            await Task.Delay(RetryPause, CancellationToken.None);
        }

        return new ClusterGrab(userId, key, null, failed);
    }

    /// <summary>Each failed attempt whose status was not UNAVAILABLE: who, where and what it said.</summary>
    public ConcurrentQueue<string> OtherFailures { get; } = new();

    /// <summary>The failed attempts other than UNAVAILABLE, one per line.</summary>
    public string DescribeOtherFailures() => string.Join("\n", OtherFailures);

    /// <summary>A one-line count of failed attempts by status.</summary>
    public string DescribeFailures() =>
        Failures.IsEmpty ? "none" : string.Join(", ", Failures.GroupBy(s => s).Select(g => $"{g.Key}={g.Count()}"));
}

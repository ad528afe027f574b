using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Drop;

// Hot-drop buckets, the coordinator's side. A drop scheduled with bucket_count N > 1 keeps its
// schedule and its room events here but sells nothing itself: N bucket grains (DropBucketGrain,
// the same code under keys "{dropId}~{i}") each hold a share of the stock and sell it as a drop of
// one grain does, and stock moves between them through this grain (DropGrain.Transfers.cs). What
// the API shows of the drop (status, the order list) is the sum of the buckets.
internal partial class DropGrain
{
    private static readonly Empty NoArgument = new();
    private static readonly TimeSpan StockPollPeriod = TimeSpan.FromMilliseconds(250);

    private int _bucketIndex = int.MinValue;
    private IGrainTimer? _stockPoll;

    /// <summary>This grain is bucket <see cref="BucketIndex"/> of a bucketed drop.</summary>
    private bool IsBucket => BucketIndex >= 0;

    private int BucketIndex
    {
        get
        {
            if (_bucketIndex == int.MinValue)
            {
                _bucketIndex = DropBuckets.TryParse(Key, out _, out var index) ? index : -1;
            }

            return _bucketIndex;
        }
    }

    /// <summary>The drop id: the key of a drop's grain, the key without "~{i}" for a bucket.</summary>
    private string DropIdOfKey => IsBucket ? Key[..Key.LastIndexOf(DropBuckets.Separator)] : Key;

    /// <summary>This grain coordinates the buckets of a drop scheduled with bucket_count &gt; 1.</summary>
    private bool IsCoordinator => !IsBucket && BucketCount > 1;

    private int BucketCount => State.Schedule?.BucketCount ?? 0;

    public Task<DropBucketsInfo> GetBuckets(Empty request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new DropBucketsInfo
        {
            BucketCount = IsScheduled ? Math.Max(1, BucketCount) : 0,
            Pool = State.Pool,
            PendingTransfers = State.PendingTransfers.Count,
        });

    private IDropGrain Bucket(int index) => DropBuckets.Bucket(GrainFactory, Key, index);

    private IDropGrain BucketOf(string userId) => Bucket(DropBuckets.IndexOf(userId, BucketCount));

    /// <summary>A bucket's schedule: the drop's, under the bucket's key, with its share of the stock
    /// (the same for every call, so a repeated Schedule of the bucket is idempotent).</summary>
    private ScheduleDropRequest BucketSchedule(int index)
    {
        var schedule = State.Schedule.Clone();
        schedule.DropId = DropBuckets.Key(Key, index);
        schedule.Quantity = (schedule.Quantity / BucketCount) + (index < schedule.Quantity % BucketCount ? 1 : 0);
        return schedule;
    }

    /// <summary>Schedules every bucket; repeated until all answered (a crash or a failed call leaves
    /// the flag unset, and the admin's retry of Schedule comes back here).</summary>
    private async Task ScheduleBucketsAsync(CancellationToken cancellationToken)
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, BucketCount).Select(i => Bucket(i).Schedule(BucketSchedule(i), cancellationToken)));
        if (replies.FirstOrDefault(r => r.Result != ResultCode.Ok) is { } refused)
        {
            throw new InvalidOperationException($"drop {Key}: bucket {refused.Drop?.DropId} refused its schedule ({refused.Result})");
        }

        State.BucketsScheduled = true;
        await PersistAsync(cancellationToken);

        // A pause stored while some bucket was not scheduled yet could not reach it.
        await SyncBucketPausesLaterAsync();
    }

    /// <summary>The drop as one: the buckets' counters summed, the remaining units being those no
    /// bucket has sold or reserved (so units on their way between buckets count as remaining); the
    /// pause is the coordinator's (its buckets follow it, see DropGrain.BucketPause.cs), the
    /// after-sales counters and the refund rate the buckets' sum.</summary>
    private async Task<DropStatus> AggregateStatusAsync(DateTimeOffset now)
    {
        var parts = await Task.WhenAll(Enumerable.Range(0, BucketCount).Select(i => Bucket(i).GetStatus(NoArgument)));
        var status = Status.Clone();
        status.Sold = parts.Sum(p => p.Sold);
        status.Reserved = parts.Sum(p => p.Reserved);
        status.Remaining = status.Quantity - status.Sold - status.Reserved;
        status.PaidOrders = parts.Sum(p => p.PaidOrders);
        status.RefundedOrders = parts.Sum(p => p.RefundedOrders);
        status.ReturnedOrders = parts.Sum(p => p.ReturnedOrders);
        status.RefundRate = RefundRateOf(status);
        status.State = StateAt(status, now);
        return status;
    }

    /// <summary>The status as the API shows it: a coordinator's is its buckets' sum.</summary>
    private Task<DropStatus> StatusAsync(DateTimeOffset now) =>
        IsCoordinator ? AggregateStatusAsync(now) : Task.FromResult(Snapshot(now));

    /// <summary>A grab that reached the coordinator (the shopper grain's early-access path, or a
    /// silo that has not learnt the bucket count yet) goes on to the user's bucket.</summary>
    private Task<GrabReply> ForwardGrabAsync(DropGrab request, CancellationToken cancellationToken) =>
        BucketOf(request.UserId).Grab(request, cancellationToken);

    /// <summary>The bucket that owns <paramref name="orderId"/> when it is an order of one of this
    /// coordinator's buckets.</summary>
    private bool TryBucketOfOrder(string orderId, out IDropGrain bucket)
    {
        bucket = null!;
        if (!IsCoordinator || !OrderId.TryParse(orderId, out var owner, out _)
            || !DropBuckets.TryParse(owner, out var dropId, out var index)
            || !string.Equals(dropId, Key, StringComparison.Ordinal) || index >= BucketCount)
        {
            return false;
        }

        bucket = Bucket(index);
        return true;
    }

    /// <summary>Closes every bucket; idempotent, so a close cut short by a crash is completed by the
    /// next Close (buckets also stop selling at closes_at on their own).</summary>
    private Task CloseBucketsAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, BucketCount).Select(i => Bucket(i).Close(NoArgument, cancellationToken)));

    /// <summary>A page of the drop's orders: bucket 0's in sequence order, then bucket 1's, and so
    /// on. A page token is the last order id of a page ("{dropId}~{i}/{n}"), so it says where the
    /// next page starts. Each bucket is asked for one order more than the page still needs, which
    /// tells whether anything follows the page.</summary>
    private async Task<ListDropOrdersReply> ListBucketOrdersAsync(ListDropOrdersRequest request, CancellationToken cancellationToken)
    {
        var pageSize = DropOrderPages.Size(request.PageSize);
        if (!DropOrderPages.TryReadToken(request.PageToken, Key, out var owner, out var after)
            || (after > 0 && !DropBuckets.TryParse(owner, out _, out _)))
        {
            throw new ArgumentException("page_token is not a next_page_token of this drop's orders", "page_token");
        }

        var start = after > 0 && DropBuckets.TryParse(owner, out _, out var index) ? index : 0;
        var reply = new ListDropOrdersReply();
        var bytes = 0;
        for (var bucket = start; bucket < BucketCount; bucket++)
        {
            var token = bucket == start && after > 0 ? DropOrderPages.Token(owner, after) : string.Empty;
            do
            {
                var page = await Bucket(bucket).ListOrders(
                    new ListDropOrdersRequest { DropId = DropBuckets.Key(Key, bucket), PageSize = pageSize - reply.Orders.Count + 1, PageToken = token },
                    cancellationToken);
                foreach (var order in page.Orders)
                {
                    var size = 1 + CodedOutputStream.ComputeMessageSize(order);
                    if (reply.Orders.Count == pageSize || (reply.Orders.Count > 0 && bytes + size > DropOrderPages.MaxPageBytes))
                    {
                        reply.NextPageToken = DropOrderPages.Token(reply.Orders[^1].OrderId);
                        return reply;
                    }

                    reply.Orders.Add(order);
                    bytes += size;
                }

                token = page.NextPageToken;
            }
            while (token.Length > 0);
        }

        return reply;
    }

    /// <summary>Room events of a bucketed drop come from the coordinator alone; its stock level and
    /// sold-out are the buckets' sum, read a few times a second while the drop is not closed (the
    /// same read reviews the refund rate and re-sends an unacknowledged pause). The
    /// timer keeps the coordinator active meanwhile (the buckets sell without calling it, and the
    /// room's watchers should still see the stock move).</summary>
    private void StartStockPolling() =>
        _stockPoll ??= this.RegisterGrainTimer(PollStockAsync, new GrainTimerCreationOptions(StockPollPeriod, StockPollPeriod) { KeepAlive = true });

    private void StopStockPolling()
    {
        _stockPoll?.Dispose();
        _stockPoll = null;
    }

    private async Task PollStockAsync(CancellationToken cancellationToken)
    {
        if (State.Closed || Status.RoomId.Length == 0)
        {
            StopStockPolling();
            return;
        }

        var sum = await AggregateStatusAsync(_time.GetUtcNow());
        Status.Sold = sum.Sold;
        Status.Reserved = sum.Reserved;
        Status.Remaining = sum.Remaining;
        PublishStockLevel();

        // Backstops, both cheap when there is nothing to do: a bucket's review request that was
        // lost, and a pause change some bucket has not acknowledged (DropGrain.BucketPause.cs).
        if (ShouldAutoPause(sum))
        {
            await RunPauseWorkAsync(ReviewRefundRateAsync);
        }

        if (State.PauseSyncedEpoch < StoredPause.Epoch)
        {
            try
            {
                await SyncBucketPausesLaterAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Logged where it failed; the next poll or the pause-sync reminder tries again.
            }
        }
    }
}

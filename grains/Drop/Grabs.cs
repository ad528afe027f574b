using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>How a shopper's grab reaches its drop. The drop is the only grain a grab needs, so the
/// call goes straight to it: one grain hop, and no shopper activation per viewer during the spike.
/// Only inside an early-access window does the drop need the member tier, which the shopper grain
/// keeps; there the drop answers "tier needed" without any effect and the grab goes through the
/// shopper grain, which adds the tier.
///
/// The caller's cancellation token is checked before the grab is sent, not handed to Orleans: a
/// grain call that carries a token costs Orleans per-call cancellation bookkeeping on both sides
/// (measured: about 15–20 µs of silo CPU per grab, a fifth of it), and a grab cannot be taken back
/// once the drop has it anyway — Orleans' response timeout still bounds the wait, and grpc-dotnet
/// answers an expired deadline on its own.
///
/// A drop split into buckets (<see cref="DropBuckets"/>) is served by the user's bucket, and the
/// call goes straight there too: the bucket count never changes once a drop is scheduled, so each
/// silo asks a drop for it once and remembers it.</summary>
public static class Grabs
{
    // Per silo (its grain factory), not per process: the test cluster runs several silos in one.
    private const int MaxRemembered = 100_000;
    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<string, int>> BucketCounts = [];

    public static async Task<GrabReply> GrabAsync(IGrainFactory grains, GrabRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var drop = await DropOfUserAsync(grains, request.DropId, request.UserId);
        var direct = await drop.Grab(
            new DropGrab
            {
                UserId = request.UserId,
                Quantity = request.Quantity,
                IdempotencyKey = request.IdempotencyKey,
                TierUnknown = true,
            },
            CancellationToken.None);
        return direct.Result != ResultCode.Unspecified
            ? direct
            : await grains.Resolve<IShopperGrain>(request.UserId).Grab(request, CancellationToken.None);
    }

    /// <summary>The grain that serves <paramref name="userId"/>'s grabs of the drop: the drop's own,
    /// or the user's bucket of a bucketed drop.</summary>
    public static ValueTask<IDropGrain> DropOfUserAsync(IGrainFactory grains, string dropId, string userId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var counts = BucketCounts.GetValue(grains, static _ => new ConcurrentDictionary<string, int>(StringComparer.Ordinal));
        return counts.TryGetValue(dropId, out var buckets)
            ? ValueTask.FromResult(Target(grains, dropId, userId, buckets))
            : LearnAsync(grains, counts, dropId, userId);
    }

    private static async ValueTask<IDropGrain> LearnAsync(IGrainFactory grains, ConcurrentDictionary<string, int> counts, string dropId, string userId)
    {
        var info = await grains.Resolve<IDropGrain>(dropId).GetBuckets(new Empty(), CancellationToken.None);

        // Not scheduled (yet): nothing to remember, and the drop itself answers.
        if (info.BucketCount > 0)
        {
            if (counts.Count >= MaxRemembered)
            {
                counts.Clear();
            }

            counts[dropId] = info.BucketCount;
        }

        return Target(grains, dropId, userId, info.BucketCount);
    }

    private static IDropGrain Target(IGrainFactory grains, string dropId, string userId, int buckets) =>
        buckets > 1
            ? DropBuckets.Bucket(grains, dropId, DropBuckets.IndexOf(userId, buckets))
            : grains.Resolve<IDropGrain>(dropId);
}

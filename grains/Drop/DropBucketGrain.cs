using FlashSale.Grains.Common;
using FlashSale.Storage.Domain;
using FlashSale.Grains.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;

namespace FlashSale.Grains.Drop;

/// <summary>One bucket of a hot drop (key "{dropId}~{i}", see <see cref="DropBuckets"/>): the drop
/// grain's code for a share of its stock, as a grain type of its own so that Orleans places it by
/// the hash of its id — the buckets of one drop land on different silos of a cluster (and move to
/// the survivors when a silo dies), where the drop's own grain keeps Orleans' default placement.
/// Orleans' primary implementation of <see cref="IDropGrain"/> stays <see cref="DropGrain"/> (its
/// name matches the interface's); buckets are addressed by grain type, through <see cref="DropBuckets.Grain"/>.</summary>
[GrainType(DropBuckets.GrainType)]
[HashBasedPlacement]
[Reentrant]
internal sealed class DropBucketGrain(IDropStore store, IRoomEventBus events, TimeProvider time, ILogger<DropGrain> logger, IOptions<GroupCommitOptions> groupCommit)
    : DropGrain(store, events, time, logger, groupCommit)
{
}

using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>The inventory of one timed drop (key: drop id). Every grab, payment and expiry of
/// the drop's orders goes through this grain, one turn at a time, so units sold or reserved can
/// never exceed the quantity. Order ids are "{dropId}/{sequence}" (see <see cref="OrderId"/>).
///
/// A drop scheduled with bucket_count &gt; 1 is split (see <see cref="DropBuckets"/>): its own grain
/// coordinates, N bucket grains implementing this interface sell, and their order ids are
/// "{dropId}~{i}/{sequence}". The drop's grain answers for the whole drop — status and order list
/// summed over the buckets, grabs and order calls passed on to the bucket concerned.</summary>
public interface IDropGrain : IGrainWithStringKey
{
    /// <summary>Creates the drop. Idempotent: the same parameters again answer OK with the current
    /// status; different parameters answer ALREADY_EXISTS.</summary>
    Task<ScheduleDropReply> Schedule([Immutable] ScheduleDropRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reserves units and creates a PendingPayment order, persisted before the reply.
    /// Outcomes: OK, NOT_STARTED, EARLY_ACCESS_ONLY, ENDED, SOLD_OUT, LIMIT_REACHED,
    /// IDEMPOTENCY_KEY_REUSED. A retried (user, key) gets the first answer.</summary>
    Task<GrabReply> Grab([Immutable] DropGrab request, CancellationToken cancellationToken = default);

    /// <summary>The order's current state; result UNSPECIFIED when the order is unknown.</summary>
    Task<OrderReply> GetOrder([Immutable] OrderRef request, CancellationToken cancellationToken = default);

    /// <summary>PendingPayment → Paid. ORDER_EXPIRED when the deadline passed, ORDER_NOT_PENDING
    /// when the order is in another state (OK again when it is already Paid).</summary>
    Task<OrderReply> ConfirmPayment([Immutable] ConfirmPayment request, CancellationToken cancellationToken = default);

    /// <summary>PendingPayment → Cancelled; the units return to stock. Idempotent.</summary>
    Task<OrderReply> Cancel([Immutable] OrderRef request, CancellationToken cancellationToken = default);

    /// <summary>Paid → Refunded (units do not return to stock); NOT_REFUNDABLE otherwise.
    /// Idempotent: an already refunded order answers OK.</summary>
    Task<OrderReply> MarkRefunded([Immutable] OrderRef request, CancellationToken cancellationToken = default);

    /// <summary>Paid → Returned within the return window after payment (units stay sold):
    /// OK (also when already returned), RETURN_WINDOW_CLOSED, NOT_REFUNDABLE for any other state;
    /// result UNSPECIFIED when the order is unknown or not the user's.</summary>
    Task<OrderReply> MarkReturned([Immutable] ReturnOrder request, CancellationToken cancellationToken = default);

    /// <summary>No new grabs (DROP_PAUSED) until <see cref="Resume"/>; payments of pending orders
    /// still complete and their deadlines still run. Durable; watchers get DropPaused. OK also when
    /// already paused, ENDED for a closed drop. A bucketed drop's grain passes it on to every bucket
    /// and answers OK once all of them stored it (an error: stored here, still on its way; a retry
    /// finishes it). A bucket refuses it: the drop pauses as one.</summary>
    Task<DropCommandReply> Pause([Immutable] PauseDropRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lifts a pause (watchers get DropResumed), in every bucket of a bucketed drop as
    /// <see cref="Pause"/> does. OK also when not paused.</summary>
    Task<DropCommandReply> Resume([Immutable] Empty request, CancellationToken cancellationToken = default);

    /// <summary>Closes the drop (its room ended): no more grabs.</summary>
    Task<DropStatus> Close([Immutable] Empty request, CancellationToken cancellationToken = default);

    /// <summary>Current status; state UNSPECIFIED when the drop was never scheduled.</summary>
    Task<DropStatus> GetStatus([Immutable] Empty request, CancellationToken cancellationToken = default);

    /// <summary>One page of the drop's orders in sequence order, paged as <see cref="DropOrderPages"/>
    /// says (page_size 0 → 1000, clamped to 10000; next_page_token empty on the last page). Throws
    /// <see cref="ArgumentException"/> (parameter page_size or page_token) for a negative page size
    /// or a token that is not one this drop issued. Read-only: it interleaves with other reads.</summary>
    Task<ListDropOrdersReply> ListOrders([Immutable] ListDropOrdersRequest request, CancellationToken cancellationToken = default);

    // ---- hot-drop buckets (see DropBuckets) ----

    /// <summary>How the drop is split: bucket_count 0 when never scheduled, 1 for one grain. Fixed
    /// once scheduled, so callers cache it to send a grab straight to the user's bucket.</summary>
    Task<DropBucketsInfo> GetBuckets([Immutable] Empty request, CancellationToken cancellationToken = default);

    /// <summary>Coordinator: a dry bucket asks for up to <c>units</c>; the coordinator takes them
    /// from its pool or from other buckets, delivers them with <see cref="ReceiveStock"/> and
    /// answers how many it delivered (0: every bucket is dry).</summary>
    Task<StockReply> RequestStock([Immutable] StockRequest request, CancellationToken cancellationToken = default);

    /// <summary>Bucket: adds a grant of the coordinator to the bucket's stock, durably, once per
    /// transfer id (a repeated id answers the units without adding them again).</summary>
    Task<StockReply> ReceiveStock([Immutable] StockMove request, CancellationToken cancellationToken = default);

    /// <summary>Bucket: gives up to <c>units</c> unreserved units back to the coordinator (at most
    /// half of what it has left, rounded up), durably; a repeated transfer id answers the same units.</summary>
    Task<StockReply> SurrenderStock([Immutable] StockMove request, CancellationToken cancellationToken = default);

    /// <summary>Bucket: takes on its coordinator's pause (<see cref="Pause"/> / <see cref="Resume"/>
    /// of the drop), durably, when its epoch is newer than the last one applied; an older or equal
    /// epoch changes nothing, so the coordinator may send it as often as it likes.</summary>
    Task ApplyPause([Immutable] BucketPause request, CancellationToken cancellationToken = default);

    /// <summary>Coordinator: a bucket recorded a refund or a return; with the refund-rate rule on,
    /// the coordinator judges the rate of the whole drop (the buckets' sums) and pauses every
    /// bucket when it crossed the threshold.</summary>
    Task ReviewRefundRate([Immutable] Empty request, CancellationToken cancellationToken = default);
}

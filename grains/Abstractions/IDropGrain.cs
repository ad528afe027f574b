using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Runtime;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains;

/// <summary>The inventory of one timed drop (key: drop id). Every grab, payment and expiry of
/// the drop's orders goes through this grain, one turn at a time, so units sold or reserved can
/// never exceed the quantity. Order ids are "{dropId}/{sequence}" (see <see cref="OrderId"/>).</summary>
public interface IDropGrain : IGrainWithStringKey
{
    /// <summary>Creates the drop. Idempotent: the same parameters again answer OK with the current
    /// status; different parameters answer ALREADY_EXISTS.</summary>
    Task<ScheduleDropReply> Schedule(ScheduleDropRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reserves units and creates a PendingPayment order, persisted before the reply.
    /// Outcomes: OK, NOT_STARTED, EARLY_ACCESS_ONLY, ENDED, SOLD_OUT, LIMIT_REACHED,
    /// IDEMPOTENCY_KEY_REUSED. A retried (user, key) gets the first answer.</summary>
    Task<GrabReply> Grab(DropGrab request, CancellationToken cancellationToken = default);

    /// <summary>The order's current state; result UNSPECIFIED when the order is unknown.</summary>
    Task<OrderReply> GetOrder(OrderRef request, CancellationToken cancellationToken = default);

    /// <summary>PendingPayment → Paid. ORDER_EXPIRED when the deadline passed, ORDER_NOT_PENDING
    /// when the order is in another state (OK again when it is already Paid).</summary>
    Task<OrderReply> ConfirmPayment(ConfirmPayment request, CancellationToken cancellationToken = default);

    /// <summary>PendingPayment → Cancelled; the units return to stock. Idempotent.</summary>
    Task<OrderReply> Cancel(OrderRef request, CancellationToken cancellationToken = default);

    /// <summary>Paid → Refunded (units do not return to stock); NOT_REFUNDABLE otherwise.
    /// Idempotent: an already refunded order answers OK.</summary>
    Task<OrderReply> MarkRefunded(OrderRef request, CancellationToken cancellationToken = default);

    /// <summary>Closes the drop (its room ended): no more grabs.</summary>
    Task<DropStatus> Close(Empty request, CancellationToken cancellationToken = default);

    /// <summary>Current status; state UNSPECIFIED when the drop was never scheduled.</summary>
    Task<DropStatus> GetStatus(Empty request, CancellationToken cancellationToken = default);

    /// <summary>One page of the drop's orders in sequence order, paged as <see cref="DropOrderPages"/>
    /// says (page_size 0 → 1000, clamped to 10000; next_page_token empty on the last page). Throws
    /// <see cref="ArgumentException"/> (parameter page_size or page_token) for a negative page size
    /// or a token that is not one this drop issued. Read-only: it interleaves with other reads.</summary>
    Task<ListDropOrdersReply> ListOrders(ListDropOrdersRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Method descriptors of <see cref="IDropGrain"/>.</summary>
public static class DropGrainMethods
{
    public const string GrainType = "drop";

    public static readonly GrainMethod<IDropGrain, ScheduleDropRequest, ScheduleDropReply> Schedule =
        new(GrainType, "Schedule", 1, ScheduleDropRequest.Parser, ScheduleDropReply.Parser, static (g, r, ct) => g.Schedule(r, ct));

    public static readonly GrainMethod<IDropGrain, DropGrab, GrabReply> Grab =
        new(GrainType, "Grab", 2, DropGrab.Parser, GrabReply.Parser, static (g, r, ct) => g.Grab(r, ct),
            batchInvoker: static (g, requests, ct) => ((Drop.IDropGrainBatch)g).GrabBatch(requests, ct));

    public static readonly GrainMethod<IDropGrain, OrderRef, OrderReply> GetOrder =
        new(GrainType, "GetOrder", 3, OrderRef.Parser, OrderReply.Parser, static (g, r, ct) => g.GetOrder(r, ct), GrainMethodOptions.ReadOnly);

    public static readonly GrainMethod<IDropGrain, ConfirmPayment, OrderReply> ConfirmPayment =
        new(GrainType, "ConfirmPayment", 4, Protos.ConfirmPayment.Parser, OrderReply.Parser, static (g, r, ct) => g.ConfirmPayment(r, ct),
            batchInvoker: static (g, requests, ct) => ((Drop.IDropGrainBatch)g).ConfirmPaymentBatch(requests, ct));

    public static readonly GrainMethod<IDropGrain, OrderRef, OrderReply> Cancel =
        new(GrainType, "Cancel", 5, OrderRef.Parser, OrderReply.Parser, static (g, r, ct) => g.Cancel(r, ct));

    public static readonly GrainMethod<IDropGrain, OrderRef, OrderReply> MarkRefunded =
        new(GrainType, "MarkRefunded", 6, OrderRef.Parser, OrderReply.Parser, static (g, r, ct) => g.MarkRefunded(r, ct));

    public static readonly GrainMethod<IDropGrain, Empty, DropStatus> Close =
        new(GrainType, "Close", 7, Empty.Parser, DropStatus.Parser, static (g, r, ct) => g.Close(r, ct));

    public static readonly GrainMethod<IDropGrain, Empty, DropStatus> GetStatus =
        new(GrainType, "GetStatus", 8, Empty.Parser, DropStatus.Parser, static (g, r, ct) => g.GetStatus(r, ct), GrainMethodOptions.ReadOnly);

    public static readonly GrainMethod<IDropGrain, ListDropOrdersRequest, ListDropOrdersReply> ListOrders =
        new(GrainType, "ListOrders", 9, ListDropOrdersRequest.Parser, ListDropOrdersReply.Parser, static (g, r, ct) => g.ListOrders(r, ct), GrainMethodOptions.ReadOnly);

    public static readonly GrainMethod[] All = [Schedule, Grab, GetOrder, ConfirmPayment, Cancel, MarkRefunded, Close, GetStatus, ListOrders];
}
